using System.Buffers;
using System.Buffers.Binary;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Writes one RecordIO-framed <c>Record</c> per row with <c>label["score"]</c> a packed Float32Tensor of the
/// row's values, the container's recordio-protobuf response. (The container's own writer re-emits every
/// earlier record inside each frame, a bug whose frames still decode to the same labels; this writes each once.)
/// </summary>
public static class RecordIOProtobufEncoder
{
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<float> predictions, int rows, int valuesPerRow)
    {
        int tensorLength = 4 * valuesPerRow;
        int tensor = 1 + VarintSize((uint)tensorLength) + tensorLength;           // Float32Tensor.values
        int value = 1 + VarintSize((uint)tensor) + tensor;                          // Value.float32_tensor
        int entry = 1 + 1 + 5 + 1 + VarintSize((uint)value) + value;                // key "score", value
        int record = 1 + VarintSize((uint)entry) + entry;                           // Record.label
        int padded = (record + 3) & ~3;
        for (int r = 0; r < rows; r++)
        {
            var span = writer.GetSpan(8 + padded);
            BinaryPrimitives.WriteUInt32LittleEndian(span, RecordIOProtobufDecoder.Magic);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)record);
            int p = 8;
            span[p++] = 0x12; // Record.label (2, LEN)
            p += WriteVarint(span[p..], (uint)entry);
            span[p++] = 0x0A; // entry.key (1, LEN)
            span[p++] = 5;
            "score"u8.CopyTo(span[p..]);
            p += 5;
            span[p++] = 0x12; // entry.value (2, LEN)
            p += WriteVarint(span[p..], (uint)value);
            span[p++] = 0x12; // Value.float32_tensor (2, LEN)
            p += WriteVarint(span[p..], (uint)tensor);
            span[p++] = 0x0A; // Float32Tensor.values (1, packed)
            p += WriteVarint(span[p..], (uint)tensorLength);
            foreach (float v in predictions.Slice(r * valuesPerRow, valuesPerRow))
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[p..], v);
                p += 4;
            }

            span[p..(8 + padded)].Clear();
            writer.Advance(8 + padded);
        }
    }

    private static int VarintSize(uint value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> span, uint value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        return i;
    }
}
