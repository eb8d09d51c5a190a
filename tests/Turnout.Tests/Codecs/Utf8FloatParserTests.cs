using System.Globalization;
using System.Text;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

/// <summary>
/// The parser must equal <c>(float)double.Parse(s)</c> bit for bit (decimal → double → float32, spec pitfall 3)
/// on every string, including near-midpoint strings where parsing straight to float32 would differ.
/// </summary>
public class Utf8FloatParserTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+1.5")]
    [InlineData("205.6")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e22")]
    [InlineData("1e23")]
    [InlineData("9007199254740993")]
    [InlineData("1.3193")]
    [InlineData("0.000000000000000000000000000000000000000000001401298464324817")]
    [InlineData("3.4028235e38")]
    [InlineData("3.4028236e38")]
    [InlineData("1e39")]
    [InlineData("-1e-50")]
    [InlineData("12345678901234567890123")]
    [InlineData("1.00000000000000000000000000001")]
    [InlineData("0e999999999")]
    [InlineData("1E-7")]
    public void TryParse_EdgeCases_EqualsDoubleParseNarrowed(string text) => AssertSame(text);

    [Theory]
    [InlineData("nan", float.NaN)]
    [InlineData("NaN", float.NaN)]
    [InlineData("inf", float.PositiveInfinity)]
    [InlineData("-inf", float.NegativeInfinity)]
    [InlineData("Infinity", float.PositiveInfinity)]
    [InlineData("-INFINITY", float.NegativeInfinity)]
    public void TryParse_PythonWords_Accepted(string text, float expected)
    {
        Assert.True(Utf8FloatParser.TryParse(Encoding.ASCII.GetBytes(text), out float value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("e5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("0x10")]
    [InlineData("--1")]
    public void TryParse_NotANumber_ReturnsFalse(string text) =>
        Assert.False(Utf8FloatParser.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void TryParse_RandomAndAdversarialStrings_EqualDoubleParseNarrowed()
    {
        var random = new Random(20261122);
        int fast = 0;
        for (int i = 0; i < 200_000; i++)
        {
            string text = Generate(random, i % 8);
            AssertSame(text);
            if (Utf8FloatParser.TryParseFast(Encoding.ASCII.GetBytes(text), out _))
            {
                fast++;
            }
        }

        // Most realistic inputs take the fast path; the property holds either way.
        Assert.True(fast > 40_000, $"only {fast} strings took the fast path");
    }

    private static string Generate(Random random, int style)
    {
        switch (style)
        {
            case 0:
                // Ordinary decimals like a CSV holds.
                return Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 7)), random.Next(0, 8)).ToString("R", CultureInfo.InvariantCulture);
            case 1:
                // Exact float32 values written as Python's repr of the widened double (what fixtures hold).
                return ((double)RandomFloat(random)).ToString("R", CultureInfo.InvariantCulture);
            case 2:
            {
                // The exact midpoint between two adjacent floats: parsing to float32 directly would tie-break
                // differently from going through double.
                float f = RandomFloat(random);
                double mid = ((double)f + MathF.BitIncrement(f)) / 2;
                return mid.ToString("R", CultureInfo.InvariantCulture);
            }

            case 3:
            {
                // Just above or below a midpoint, by less than a double ulp: double rounding lands on the midpoint.
                float f = RandomFloat(random);
                double mid = ((double)f + MathF.BitIncrement(f)) / 2;
                string s = mid.ToString("E25", CultureInfo.InvariantCulture);
                int e = s.IndexOf('E', StringComparison.Ordinal);
                return s[..e] + (random.Next(2) == 0 ? "1" : "9") + s[e..];
            }

            case 4:
                // Random digit strings with a point and an exponent anywhere.
                return RandomDigits(random);
            case 5:
                // Integers around 2^53 and 10^19, and long mantissas.
                return (random.Next(3) switch
                {
                    0 => ((1L << 53) + random.Next(-5, 6)).ToString(CultureInfo.InvariantCulture),
                    1 => ((ulong)(random.NextDouble() * ulong.MaxValue)).ToString(CultureInfo.InvariantCulture),
                    _ => random.NextInt64().ToString(CultureInfo.InvariantCulture),
                }) + (random.Next(2) == 0 ? string.Empty : "e" + random.Next(-30, 30).ToString(CultureInfo.InvariantCulture));
            case 6:
                // Random doubles, shortest and 17 digits, over the whole range.
                double d = BitConverter.Int64BitsToDouble(random.NextInt64());
                return double.IsFinite(d) ? d.ToString(random.Next(2) == 0 ? "R" : "E16", CultureInfo.InvariantCulture) : "1";
            default:
                // Subnormal and overflow boundaries of float32.
                return (random.Next(4) switch
                {
                    0 => (double)float.Epsilon * random.NextDouble() * 4,
                    1 => (double)float.MaxValue * (1 + ((random.NextDouble() - 0.5) * 1e-7)),
                    2 => 1.1754943508222875e-38 * (1 + ((random.NextDouble() - 0.5) * 1e-6)),
                    _ => random.NextDouble() * 1e-40,
                }).ToString(random.Next(2) == 0 ? "R" : "E20", CultureInfo.InvariantCulture);
        }
    }

    private static float RandomFloat(Random random)
    {
        while (true)
        {
            float f = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
            if (float.IsFinite(f) && f != float.MaxValue && f != -float.MaxValue)
            {
                return f;
            }
        }
    }

    private static string RandomDigits(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0)
        {
            text.Append('-');
        }

        int digits = random.Next(1, 30);
        int point = random.Next(-1, digits + 1);
        for (int i = 0; i < digits; i++)
        {
            if (i == point)
            {
                text.Append('.');
            }

            text.Append((char)('0' + (random.Next(4) == 0 ? 0 : random.Next(10))));
        }

        if (random.Next(2) == 0)
        {
            text.Append(random.Next(2) == 0 ? 'e' : 'E').Append(random.Next(-50, 50).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static void AssertSame(string text)
    {
        bool expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d);
        bool ok = Utf8FloatParser.TryParse(Encoding.ASCII.GetBytes(text), out float value);
        Assert.True(expectedOk == ok, $"'{text}': double.TryParse {expectedOk}, parser {ok}");
        if (ok)
        {
            Assert.True(BitConverter.SingleToInt32Bits((float)d) == BitConverter.SingleToInt32Bits(value),
                $"'{text}': expected {(float)d:R} ({BitConverter.SingleToInt32Bits((float)d):X8}), got {value:R} ({BitConverter.SingleToInt32Bits(value):X8})");
        }
    }
}
