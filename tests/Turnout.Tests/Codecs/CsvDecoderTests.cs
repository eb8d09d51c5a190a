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
}
