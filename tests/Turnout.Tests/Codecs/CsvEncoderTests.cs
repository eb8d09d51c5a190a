using System.Text;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class CsvEncoderTests
{
    private static string Encode(float[] values, int rows, int perRow, OutputStyle style)
    {
        using var writer = new PooledByteWriter(4);
        CsvEncoder.Write(writer, values, rows, perRow, style);
        return Encoding.UTF8.GetString(writer.WrittenMemory.Span);
    }

    [Theory]
    // Expected strings are Python's repr(float(numpy.float32(x))), what the container's str() prints.
    [InlineData(0.1f, "0.10000000149011612")]
    [InlineData(1f, "1.0")]
    [InlineData(-2f, "-2.0")]
    [InlineData(1e-5f, "9.999999747378752e-06")]
    [InlineData(0.0001f, "9.999999747378752e-05")]
    [InlineData(0.5f, "0.5")]
    [InlineData(123456792f, "123456792.0")]
    public void WriteValue_MatchesPythonRepr(float value, string expected) =>
        Assert.Equal(expected, Encode([value], 1, 1, OutputStyle.CommaJoined));

    [Fact]
    public void Write_OldContainers_JoinWithCommasWithoutNewline() =>
        Assert.Equal("0.5,0.25", Encode([0.5f, 0.25f], 2, 1, OutputStyle.CommaJoined));

    [Fact]
    public void Write_NewContainers_OneLinePerRow() =>
        Assert.Equal("0.5\n0.25\n", Encode([0.5f, 0.25f], 2, 1, OutputStyle.LinePerRow));

    [Fact]
    public void Write_MultiClass_RowsOfProbabilities() =>
        Assert.Equal("0.5,0.25\n0.125,0.75\n", Encode([0.5f, 0.25f, 0.125f, 0.75f], 2, 2, OutputStyle.LinePerRow));
}
