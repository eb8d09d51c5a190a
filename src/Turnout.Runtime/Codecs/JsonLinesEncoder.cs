using System.Buffers;

namespace Turnout.Runtime.Codecs;

/// <summary>Writes one <c>{"score": …}</c> per line, each ending in a newline, as the container's json_to_jsonlines does.</summary>
public static class JsonLinesEncoder
{
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<float> predictions, int rows, int valuesPerRow)
    {
        for (int r = 0; r < rows; r++)
        {
            JsonEncoder.WriteScore(writer, predictions.Slice(r * valuesPerRow, valuesPerRow));
            JsonEncoder.Append(writer, "\n"u8);
        }
    }
}
