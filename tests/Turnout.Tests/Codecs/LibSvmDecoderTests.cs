using System.Text;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class LibSvmDecoderTests
{
    private static (float[] Values, int Rows, DecodeError? Error) Decode(string text, int featureCount)
    {
        var rows = new FeatureRows(featureCount, 1);
        try
        {
            var error = LibSvmDecoder.Decode(Encoding.UTF8.GetBytes(text), ref rows);
            return (rows.Values.ToArray(), rows.Count, error);
        }
        finally
        {
            rows.Dispose();
        }
    }

    [Fact]
    public void Decode_LabelAndPairs_ZeroBasedIndicesAbsentMissing()
    {
        var (values, count, error) = Decode("1 0:1.5 2:-3\r\n\n0:7 3:0 qid:4\n", 4);
        Assert.Null(error);
        Assert.Equal(2, count);
        Assert.Equal(1.5f, values[0]);
        Assert.True(float.IsNaN(values[1]));
        Assert.Equal(-3f, values[2]);
        Assert.True(float.IsNaN(values[3]));
        Assert.Equal(7f, values[4]);
        Assert.Equal(0f, values[7]);
    }

    [Fact]
    public void Decode_LabelOnly_RowOfMissing()
    {
        var (values, count, error) = Decode("0\n", 2);
        Assert.Null(error);
        Assert.Equal(1, count);
        Assert.All(values, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Decode_IndexBeyondModel_400()
    {
        var (_, _, error) = Decode("0:1 5:2", 5);
        Assert.Equal(400, error!.StatusCode);
        Assert.Contains("feature index 5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0:abc")]
    [InlineData("x:1")]
    [InlineData("1 2 0:1")]
    [InlineData("1,2,3")]
    public void Decode_Malformed_415(string text)
    {
        var (_, _, error) = Decode(text, 5);
        Assert.Equal(415, error!.StatusCode);
    }

    [Fact]
    public void Decode_Empty_400()
    {
        var (_, _, error) = Decode(" \n", 5);
        Assert.Equal(400, error!.StatusCode);
    }
}
