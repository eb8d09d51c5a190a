using System.Buffers;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Writes predictions as the container's <c>json.dumps({"predictions": [{"score": …}, …]})</c>:
/// Python's default separators (<c>", "</c>, <c>": "</c>), floats in repr spelling, NaN/Infinity as
/// Python writes them; a multi-output row's score is the list of its values (class probabilities).
/// </summary>
public static class JsonEncoder
{
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<float> predictions, int rows, int valuesPerRow)
    {
        Append(writer, "{\"predictions\": ["u8);
        for (int r = 0; r < rows; r++)
        {
            if (r > 0)
            {
                Append(writer, ", "u8);
            }

            WriteScore(writer, predictions.Slice(r * valuesPerRow, valuesPerRow));
        }

        Append(writer, "]}"u8);
    }

    /// <summary><c>{"score": 0.5}</c> or <c>{"score": [0.1, 0.9]}</c>.</summary>
    internal static void WriteScore(IBufferWriter<byte> writer, ReadOnlySpan<float> row)
    {
        Append(writer, "{\"score\": "u8);
        if (row.Length == 1)
        {
            WriteNumber(writer, row[0]);
        }
        else
        {
            Append(writer, "["u8);
            for (int v = 0; v < row.Length; v++)
            {
                if (v > 0)
                {
                    Append(writer, ", "u8);
                }

                WriteNumber(writer, row[v]);
            }

            Append(writer, "]"u8);
        }

        Append(writer, "}"u8);
    }

    internal static void WriteNumber(IBufferWriter<byte> writer, float value)
    {
        if (!float.IsFinite(value))
        {
            Append(writer, float.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8);
            return;
        }

        CsvEncoder.WriteValue(writer, value);
    }

    internal static void Append(IBufferWriter<byte> writer, ReadOnlySpan<byte> text)
    {
        text.CopyTo(writer.GetSpan(text.Length));
        writer.Advance(text.Length);
    }
}
