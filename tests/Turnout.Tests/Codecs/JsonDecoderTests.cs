using System.Text;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class JsonDecoderTests
{
    private static (float[] Values, int Rows, DecodeError? Error) Decode(string text, int featureCount, bool lines = false, bool acceptsOneFewer = false)
    {
        var rows = new FeatureRows(featureCount, 1);
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var error = lines ? JsonLinesDecoder.Decode(bytes, ref rows, acceptsOneFewer) : JsonDecoder.Decode(bytes, ref rows, acceptsOneFewer);
            return (rows.Values.ToArray(), rows.Count, error);
        }
        finally
        {
            rows.Dispose();
        }
    }

    [Theory]
    [InlineData("{\"instances\": [[1, 2.5, null], [4e0, -5, 6]]}")]
    [InlineData("{\"instances\": [{\"features\": [1, 2.5, null]}, {\"features\": [4, -5, 6]}]}")]
    [InlineData("{\"other\": 1, \"instances\": [[1, 2.5, null], [4, -5, 6]]}")]
    [InlineData("[[1, 2.5, null], [4, -5, 6]]")]
    public void Decode_Instances_RowsWithNullMissing(string json)
    {
        var (values, count, error) = Decode(json, 3);
        Assert.Null(error);
        Assert.Equal(2, count);
        Assert.Equal(new[] { 1f, 2.5f }, values[..2]);
        Assert.True(float.IsNaN(values[2]));
        Assert.Equal(new[] { 4f, -5f, 6f }, values[3..]);
    }

    [Theory]
    [InlineData("{\"features\": [1, 2, 3]}")]
    [InlineData("[1, 2, 3]")]
    public void Decode_SingleRow_OneRow(string json)
    {
        var (values, count, error) = Decode(json, 3);
        Assert.Null(error);
        Assert.Equal(1, count);
        Assert.Equal(new[] { 1f, 2f, 3f }, values);
    }

    [Fact]
    public void Decode_NumberNeedsDoubleRounding_SameAsDoubleParseNarrowed()
    {
        const string text = "0.50000002980232238769531250001";
        var (values, _, _) = Decode($"{{\"features\": [{text}]}}", 1);
        Assert.Equal((float)double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), values[0]);
    }

    [Theory]
    [InlineData("{\"instances\": [[1, 2]]}")]
    [InlineData("{\"instances\": [[1, 2, 3, 4]]}")]
    public void Decode_WrongFeatureCount_400(string json)
    {
        var (_, _, error) = Decode(json, 3);
        Assert.Equal(400, error!.StatusCode);
        Assert.Contains("trained model 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OneFewerWhenAllowed_LastMissing()
    {
        var (values, _, error) = Decode("{\"instances\": [[1, 2]]}", 3, acceptsOneFewer: true);
        Assert.Null(error);
        Assert.True(float.IsNaN(values[2]));
    }

    [Theory]
    [InlineData("{\"instances\": [[1, \"a\", 3]]}")]
    [InlineData("{\"instances\": [[1, 2, 3]]")]
    [InlineData("{\"rows\": [[1, 2, 3]]}")]
    [InlineData("\"x\"")]
    [InlineData("")]
    public void Decode_Malformed_415(string json)
    {
        var (_, _, error) = Decode(json, 3);
        Assert.Equal(415, error!.StatusCode);
    }

    [Fact]
    public void DecodeLines_ArraysAndObjects_OneRowPerLine()
    {
        var (values, count, error) = Decode("[1, 2]\n\n{\"features\": [3, null]}\r\n", 2, lines: true);
        Assert.Null(error);
        Assert.Equal(2, count);
        Assert.Equal(new[] { 1f, 2f, 3f }, values[..3]);
        Assert.True(float.IsNaN(values[3]));
    }

    [Fact]
    public void DecodeLines_TwoValuesOnALine_415()
    {
        var (_, _, error) = Decode("[1, 2] [3, 4]\n", 2, lines: true);
        Assert.Equal(415, error!.StatusCode);
    }
}
