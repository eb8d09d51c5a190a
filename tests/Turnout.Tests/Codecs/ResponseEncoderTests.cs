using System.Text;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

/// <summary>Golden outputs are the container's own: Python's json.dumps over numpy float32 predictions widened to float.</summary>
public class ResponseEncoderTests
{
    [Fact]
    public void JsonWrite_Scores_MatchesPythonJsonDumps()
    {
        using var writer = new PooledByteWriter();
        JsonEncoder.Write(writer, [0.1f, 0.8765432f, 1e-5f, 3e20f], 4, 1);
        Assert.Equal(
            "{\"predictions\": [{\"score\": 0.10000000149011612}, {\"score\": 0.8765432238578796}, {\"score\": 9.999999747378752e-06}, {\"score\": 3.000000060122632e+20}]}",
            Encoding.UTF8.GetString(writer.WrittenMemory.Span));
    }

    [Fact]
    public void JsonWrite_MultiClassAndNaN_ListsAndPythonNaN()
    {
        using var writer = new PooledByteWriter();
        JsonEncoder.Write(writer, [0.2f, 0.7f, float.NaN, float.NaN], 2, 2);
        Assert.Equal(
            "{\"predictions\": [{\"score\": [0.20000000298023224, 0.699999988079071]}, {\"score\": [NaN, NaN]}]}",
            Encoding.UTF8.GetString(writer.WrittenMemory.Span));
    }

    [Fact]
    public void JsonLinesWrite_Rows_OneObjectPerLine()
    {
        using var writer = new PooledByteWriter();
        JsonLinesEncoder.Write(writer, [2f, 0.5f], 2, 1);
        Assert.Equal("{\"score\": 2.0}\n{\"score\": 0.5}\n", Encoding.UTF8.GetString(writer.WrittenMemory.Span));
    }
}
