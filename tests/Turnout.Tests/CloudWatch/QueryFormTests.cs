using Turnout.Wire.CloudWatch.Model;
using Turnout.Wire.CloudWatch.Query;

namespace Turnout.Tests.CloudWatch;

public sealed class QueryFormTests
{
    private static Dictionary<string, object?> Parse(string body) =>
        QueryForm.ToTree(body.Split('&').Select(p => p.Split('=', 2)).Select(kv => new KeyValuePair<string, string>(
            Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv[1].Replace('+', ' ')))));

    [Fact]
    public void ToTree_MemberLists_BecomeOrderedLists()
    {
        var tree = Parse("Action=GetMetricStatistics&Version=2010-08-01&Statistics.member.2=Sum&Statistics.member.1=Average"
            + "&Dimensions.member.1.Name=EndpointName&Dimensions.member.1.Value=ep&Dimensions.member.2.Name=VariantName&Dimensions.member.2.Value=Variant1");

        var input = new WireInput(tree);
        Assert.Equal(["Average", "Sum"], input.GetStringList("Statistics"));
        var dims = input.GetStructureList("Dimensions");
        Assert.Equal(["EndpointName", "VariantName"], dims.Select(d => d.GetString("Name")));
        Assert.Equal(["ep", "Variant1"], dims.Select(d => d.GetString("Value")));
    }

    [Fact]
    public void ToTree_NestedDottedKeys_BecomeNestedStructures()
    {
        var tree = Parse("MetricDataQueries.member.1.Id=q1&MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FSageMaker"
            + "&MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name=EndpointName&MetricDataQueries.member.1.MetricStat.Period=60");

        var query = Assert.Single(new WireInput(tree).GetStructureList("MetricDataQueries"));
        var stat = query.GetStructure("MetricStat")!;
        Assert.Equal(60, stat.GetInt64("Period"));
        Assert.Equal("AWS/SageMaker", stat.GetStructure("Metric")!.GetString("Namespace"));
        Assert.Equal("EndpointName", Assert.Single(stat.GetStructure("Metric")!.GetStructureList("Dimensions")).GetString("Name"));
    }

    [Fact]
    public void ToTree_EmptyList_ReadsAsEmpty()
    {
        Assert.Empty(new WireInput(Parse("Dimensions=&Statistics.member.1=Sum")).GetStructureList("Dimensions"));
    }

    [Theory]
    [InlineData("2024-05-01T10:00:00Z", 0)]
    [InlineData("2024-05-01T10:00:00.123456Z", 1_234_560)]
    [InlineData("2024-05-01T12:00:00+02:00", 0)]
    [InlineData("2024-05-01T10:00:00", 0)]
    [InlineData("1714557600", 0)]
    public void GetTimestamp_QueryFormats_ParseAsUtc(string text, long extraTicks)
    {
        var value = new WireInput(Parse("StartTime=" + Uri.EscapeDataString(text))).GetTimestamp("StartTime");
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(extraTicks), value);
        Assert.Equal(TimeSpan.Zero, value!.Value.Offset);
    }

    [Fact]
    public void GetTimestamp_Garbage_InvalidParameterValue()
    {
        var ex = Assert.Throws<CloudWatchException>(() => new WireInput(Parse("StartTime=yesterday")).GetTimestamp("StartTime"));
        Assert.Equal("InvalidParameterValue", ex.Code);
    }

    [Fact]
    public void GetString_MissingRequired_MissingParameterWithPath()
    {
        var dims = new WireInput(Parse("Dimensions.member.1.Value=x")).GetStructureList("Dimensions");
        var ex = Assert.Throws<CloudWatchException>(() => dims[0].GetString("Name", required: true));
        Assert.Equal("MissingParameter", ex.Code);
        Assert.Contains("Dimensions.member.1.Name", ex.Message, StringComparison.Ordinal);
    }
}
