using System.Text;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class CsvDecoderTests
{
    private static (int? Rows, float[] Features, DecodeError? Error) Decode(string csv, int featureCount, bool acceptOneFewer = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        var features = new float[CsvDecoder.MaxRows(bytes) * featureCount];
        var rows = CsvDecoder.Decode(bytes, featureCount, acceptOneFewer, features, out var error);
        return (rows, features, error);
    }

    [Fact]
    public void Decode_ManyRowsWithCrLfAndTrailingNewline_ReadsEveryRow()
    {
        var (rows, f, error) = Decode("1,2,3\r\n4,5,6\r\n", 3);
        Assert.Null(error);
        Assert.Equal(2, rows);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, f[..6]);
    }

    [Fact]
    public void Decode_EmptyField_IsMissing()
    {
        var (rows, f, _) = Decode("1,,3", 3);
        Assert.Equal(1, rows);
        Assert.True(float.IsNaN(f[1]));
    }

    [Fact]
    public void Decode_ValueNearFloatThreshold_RoundsThroughDouble()
    {
        // XGBoost compares float32s: 205.6 must become 205.6f, exactly as numpy's float64 → float32.
        var (_, f, _) = Decode("205.6", 1);
        Assert.Equal(205.6f, f[0]);
        Assert.Equal((float)double.Parse("1.3193", System.Globalization.CultureInfo.InvariantCulture), Decode("1.3193", 1).Features[0]);
    }

    [Theory]
    [InlineData("1\t2\t3")]
    [InlineData("1;2;3")]
    [InlineData("1|2|3")]
    public void Decode_SniffsDelimiter(string csv)
    {
        var (rows, f, _) = Decode(csv, 3);
        Assert.Equal(1, rows);
        Assert.Equal(new float[] { 1, 2, 3 }, f[..3]);
    }

    [Fact]
    public void Decode_HeaderLine_RefusedWith415()
    {
        var (rows, _, error) = Decode("a,b,c\n1,2,3", 3);
        Assert.Null(rows);
        Assert.Equal(415, error!.StatusCode);
        Assert.Contains("header", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2", 3)]
    [InlineData("1,2,3,4", 3)]
    public void Decode_WrongFeatureCount_RefusedWith400(string csv, int features)
    {
        var (rows, _, error) = Decode(csv, features);
        Assert.Null(rows);
        Assert.Equal(400, error!.StatusCode);
        Assert.Contains("is not consistent with feature size of trained model " + features, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OneFewerColumn_AcceptedForPickleEraWithLastMissing()
    {
        var (rows, f, error) = Decode("1,2", 3, acceptOneFewer: true);
        Assert.Null(error);
        Assert.Equal(1, rows);
        Assert.True(float.IsNaN(f[2]));
    }

    [Fact]
    public void Decode_EmptyBody_Refused()
    {
        var (rows, _, error) = Decode("\n\n", 3);
        Assert.Null(rows);
        Assert.Equal(400, error!.StatusCode);
    }

    /// <summary>
    /// The one-pass field parse must give exactly what splitting on the delimiter, trimming and parsing each
    /// field gives (decimal → double → float32, empty → NaN), for fields it takes and fields it hands back.
    /// </summary>
    [Fact]
    public void Decode_RandomRows_EqualSplitTrimParse()
    {
        var random = new Random(20261122);
        string[] odd = ["", " 7", "8 ", " 1.25 ", "1e5", "-2.5E-3", "+4", "0.000", "-0", "12345678901234567890123", "1e400", "3.4028236e38", ".5", "5."];
        foreach (var delimiter in new[] { ',', '\t', ';', '|' })
        {
            for (var trial = 0; trial < 400; trial++)
            {
                const int features = 9;
                var fields = new string[features];
                for (var f = 0; f < features; f++)
                {
                    var pick = odd[random.Next(odd.Length)];
                    fields[f] = random.Next(4) == 0 && !(delimiter == '|' && pick.Contains(' ', StringComparison.Ordinal)) // the sniffer ranks ' ' before '|'
                        ? pick
                        : (random.NextDouble() * Math.Pow(10, random.Next(-6, 9)) * (random.Next(2) == 0 ? -1 : 1)).ToString(random.Next(2) == 0 ? "R" : "F" + random.Next(0, 8), System.Globalization.CultureInfo.InvariantCulture);
                }

                if (fields[0].Length == 0)
                {
                    fields[0] = "1"; // a first field must show the sniffer the delimiter's row
                }

                var line = string.Join(delimiter, fields);
                var (rows, got, error) = Decode(line + "\n" + line, features);
                Assert.True(error is null, line + " → " + error?.Message);
                Assert.Equal(2, rows);
                for (var f = 0; f < features; f++)
                {
                    var text = fields[f].Trim(' ');
                    var expected = text.Length == 0 ? float.NaN : (float)double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
                    Assert.True(expected.Equals(got[f]) && expected.Equals(got[features + f]), $"{line}: field {f} '{fields[f]}' gave {got[f]}, expected {expected}");
                }
            }
        }
    }

    [Theory]
    [InlineData("1,2x,3", "'2x' in line 1, column 2")]
    [InlineData("1,2e,3", "'2e' in line 1, column 2")]
    [InlineData("1,-,3", "'-' in line 1, column 2")]
    [InlineData("1,2,3.5.1", "'3.5.1' in line 1, column 3")]
    public void Decode_NumberFollowedByJunk_IsRefusedNamingTheField(string csv, string expected)
    {
        var (rows, _, error) = Decode("0,0,0\n" + csv, 3);
        Assert.Null(rows);
        Assert.Contains(expected.Replace("line 1", "line 2", StringComparison.Ordinal), error!.Message, StringComparison.Ordinal);
    }
}
