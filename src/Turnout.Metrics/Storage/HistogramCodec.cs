using System.Buffers.Binary;
using Turnout.Metrics.Histograms;

namespace Turnout.Metrics.Storage;

/// <summary>
/// Compact BLOB form of a <see cref="Histogram"/>: per bucket a zig-zag varint key delta, then the count as
/// a varint (whole counts, shifted left one bit) or a raw double (fractional counts, low bit set).
/// </summary>
internal static class HistogramCodec
{
    public static byte[] Encode(Histogram histogram)
    {
        var buffer = new List<byte>(histogram.BucketCount * 3);
        var keys = histogram.Keys;
        var counts = histogram.Counts;
        long previous = 0;
        Span<byte> raw = stackalloc byte[8];
        for (var i = 0; i < keys.Length; i++)
        {
            WriteVarint(buffer, ZigZag(keys[i] - previous));
            previous = keys[i];
            var c = counts[i];
            if (c >= 0 && c < (1L << 52) && c == Math.Floor(c))
            {
                WriteVarint(buffer, (ulong)c << 1);
            }
            else
            {
                buffer.Add(1);
                BinaryPrimitives.WriteDoubleLittleEndian(raw, c);
                buffer.AddRange(raw);
            }
        }

        return [.. buffer];
    }

    public static Histogram Decode(ReadOnlySpan<byte> data)
    {
        var keys = new List<int>();
        var counts = new List<double>();
        long key = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            key += UnZigZag(ReadVarint(data, ref pos));
            var head = ReadVarint(data, ref pos);
            double count;
            if ((head & 1) == 0)
            {
                count = head >> 1;
            }
            else
            {
                count = BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(pos, 8));
                pos += 8;
            }

            keys.Add((int)key);
            counts.Add(count);
        }

        return new Histogram([.. keys], [.. counts]);
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private static long UnZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private static void WriteVarint(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("Malformed histogram varint.");
    }
}
