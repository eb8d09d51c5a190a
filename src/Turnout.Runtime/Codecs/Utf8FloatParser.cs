using System.Globalization;
using System.Runtime.CompilerServices;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Parses an ASCII decimal straight from request bytes to the float32 that <c>(float)double.Parse(s)</c>
/// gives: decimal → correctly rounded double → float32, as numpy and the SageMaker container do (spec
/// pitfall 3). The fast path is Clinger's: up to 19 significant digits whose value is at most 2^53, times or
/// divided by an exactly representable power of ten, is one correctly rounded IEEE operation. Everything
/// else (long mantissas, large exponents, words) falls back to <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>.
/// </summary>
public static class Utf8FloatParser
{
    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>10^0 … 10^22: every one is exactly representable as a double. A static array: a
    /// ReadOnlySpan&lt;double&gt; property over a collection expression allocated on every call.</summary>
    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses <paramref name="text"/> (no surrounding whitespace expected). Also accepts Python's
    /// <c>nan</c>/<c>inf</c>/<c>infinity</c> spellings, which the container's float() takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        if (TryParseFast(text, out double d))
        {
            value = (float)d;
            return true;
        }

        return TryParseSlow(text, out value);
    }

    /// <summary>The Clinger fast path alone; false means "use the slow path", not "invalid".</summary>
    internal static bool TryParseFast(ReadOnlySpan<byte> text, out double value) =>
        TryParsePrefix(text, out value, out int consumed) && consumed == text.Length;

    /// <summary>
    /// The fast path over the number at the start of <paramref name="text"/>, stopping at the first byte that
    /// cannot continue it (a delimiter), so a CSV row is parsed in one pass without first finding each field's
    /// end. False means "use the slow path" for this field.
    /// </summary>
    internal static bool TryParsePrefix(ReadOnlySpan<byte> text, out double value, out int consumed)
    {
        value = 0;
        consumed = 0;
        int i = 0;
        int length = text.Length;
        if (length == 0)
        {
            return false;
        }

        bool negative = false;
        if (text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }
        else if (text[0] == (byte)'+')
        {
            i = 1;
        }

        ulong mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digitsSeen = 0;
        while (i < length)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            if (mantissa != 0 || d != 0)
            {
                if (++significant > 19)
                {
                    return false;
                }
            }

            mantissa = (mantissa * 10) + d;
            digitsSeen++;
            i++;
        }

        if (i < length && text[i] == (byte)'.')
        {
            i++;
            while (i < length)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    break;
                }

                if (mantissa != 0 || d != 0)
                {
                    if (++significant > 19)
                    {
                        return false;
                    }
                }

                mantissa = (mantissa * 10) + d;
                exponent--;
                digitsSeen++;
                i++;
            }
        }

        if (digitsSeen == 0)
        {
            return false;
        }

        if (i < length && (text[i] | 0x20) == (byte)'e')
        {
            if (++i == length)
            {
                return false;
            }

            bool negativeExponent = false;
            if (text[i] == (byte)'-')
            {
                negativeExponent = true;
                i++;
            }
            else if (text[i] == (byte)'+')
            {
                i++;
            }

            int start = i;
            int e = 0;
            while (i < length)
            {
                uint d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    break;
                }

                if (e > 100_000)
                {
                    // An exponent far outside the fast range: let the slow path decide.
                    return false;
                }

                e = (e * 10) + (int)d;
                i++;
            }

            if (i == start)
            {
                return false;
            }

            exponent += negativeExponent ? -e : e;
        }

        double result;
        if (mantissa == 0)
        {
            result = 0.0;
        }
        else if (mantissa <= MaxExactMantissa && exponent >= -22 && exponent <= 22)
        {
            result = mantissa;
            result = exponent < 0 ? result / ExactPowersOfTen[-exponent] : result * ExactPowersOfTen[exponent];
        }
        else
        {
            return false;
        }

        value = negative ? -result : result;
        consumed = i;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryParseSlow(ReadOnlySpan<byte> text, out float value)
    {
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d);
        if (parsed)
        {
            value = (float)d;
            return true;
        }

        // Python's float() spellings that .NET does not take.
        var body = text.Length > 0 && (text[0] == (byte)'-' || text[0] == (byte)'+') ? text[1..] : text;
        bool negative = text.Length > 0 && text[0] == (byte)'-';
        if (AsciiEqualsIgnoreCase(body, "inf"u8) || AsciiEqualsIgnoreCase(body, "infinity"u8))
        {
            value = negative ? float.NegativeInfinity : float.PositiveInfinity;
            return true;
        }

        if (AsciiEqualsIgnoreCase(body, "nan"u8))
        {
            value = float.NaN;
            return true;
        }

        value = 0;
        return false;
    }

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length != lower.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if ((text[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }
}
