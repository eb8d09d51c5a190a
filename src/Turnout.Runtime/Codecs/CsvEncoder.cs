using System.Buffers;
using System.Globalization;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Writes predictions as text/csv the way the chosen container version does. Each float32 is widened to
/// double and printed shortest-round-trip in Python's float repr spelling, as the container's str() does.
/// </summary>
public static class CsvEncoder
{
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<float> predictions, int rows, int valuesPerRow, OutputStyle style)
    {
        for (var r = 0; r < rows; r++)
        {
            var row = predictions.Slice(r * valuesPerRow, valuesPerRow);
            for (var v = 0; v < row.Length; v++)
            {
                if (v > 0)
                {
                    WriteByte(writer, (byte)',');
                }

                WriteValue(writer, row[v]);
            }

            if (style == OutputStyle.LinePerRow)
            {
                WriteByte(writer, (byte)'\n');
            }
            else if (r < rows - 1)
            {
                // Multi-output rows stay readable as rows; single values are joined by commas.
                WriteByte(writer, valuesPerRow == 1 ? (byte)',' : (byte)'\n');
            }
        }
    }

    /// <summary>Formats one value as Python's repr(float(numpy.float32(value))).</summary>
    public static void WriteValue(IBufferWriter<byte> writer, float value)
    {
        var span = writer.GetSpan(32);
        var written = FormatValue(span, value);
        writer.Advance(written);
    }

    public static int FormatValue(Span<byte> span, float value)
    {
        if (float.IsNaN(value))
        {
            return Copy("nan"u8, span);
        }

        if (float.IsInfinity(value))
        {
            return Copy(value > 0 ? "inf"u8 : "-inf"u8, span);
        }

        double d = value;
        // Python switches to exponent notation below 1e-4 and from 1e16; .NET's "R" from 1e15.
        var abs = Math.Abs(d);
        if (abs >= 1e15 && abs < 1e16)
        {
            d.TryFormat(span, out var fixedLength, "F1", CultureInfo.InvariantCulture);
            return fixedLength;
        }

        d.TryFormat(span, out var length, "R", CultureInfo.InvariantCulture);
        var hasPoint = false;
        for (var i = 0; i < length; i++)
        {
            switch (span[i])
            {
                case (byte)'E':
                    span[i] = (byte)'e';
                    hasPoint = true;
                    break;
                case (byte)'.':
                    hasPoint = true;
                    break;
            }
        }

        if (!hasPoint)
        {
            span[length++] = (byte)'.';
            span[length++] = (byte)'0';
        }

        return length;
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte b)
    {
        writer.GetSpan(1)[0] = b;
        writer.Advance(1);
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> span)
    {
        text.CopyTo(span);
        return text.Length;
    }
}
