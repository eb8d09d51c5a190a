using System.Text;
using System.Xml.Linq;
using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Model;
using Turnout.Wire.CloudWatch.Operations;
using Turnout.Wire.CloudWatch.Query;

namespace Turnout.Tests.CloudWatch;

public sealed class QueryXmlWriterTests
{
    private static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    [Fact]
    public void WriteResult_GetMetricStatistics_MatchesAwsShape()
    {
        var result = GetMetricStatisticsOperation.ToWire(new GetMetricStatisticsResult("Invocations",
        [
            new MetricDatapoint(new DateTimeOffset(2023, 1, 1, 10, 0, 0, TimeSpan.Zero), null, null, 12, null, null, "None"),
        ]));

        var xml = Encoding.UTF8.GetString(QueryXmlWriter.WriteResult("GetMetricStatistics", result, "req-1"));

        Assert.Contains(
            "<GetMetricStatisticsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricStatisticsResult>"
            + "<Label>Invocations</Label><Datapoints><member><Timestamp>2023-01-01T10:00:00Z</Timestamp><Sum>12.0</Sum><Unit>None</Unit></member></Datapoints>"
            + "</GetMetricStatisticsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetMetricStatisticsResponse>",
            xml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void WriteResult_ListMetrics_NestsDimensionsAsMembers()
    {
        var result = ListMetricsOperation.ToWire(new ListMetricsResult(
            [new MetricIdentity("AWS/SageMaker", "Invocations", [new("EndpointName", "ep"), new("VariantName", "v1")])], "tok"));

        var doc = XDocument.Parse(Encoding.UTF8.GetString(QueryXmlWriter.WriteResult("ListMetrics", result, "r")));
        var metric = doc.Root!.Element(Ns + "ListMetricsResult")!.Element(Ns + "Metrics")!.Element(Ns + "member")!;
        Assert.Equal("Invocations", metric.Element(Ns + "MetricName")!.Value);
        Assert.Equal(["EndpointName", "VariantName"], metric.Element(Ns + "Dimensions")!.Elements(Ns + "member").Select(m => m.Element(Ns + "Name")!.Value));
        Assert.Equal("tok", doc.Root.Element(Ns + "ListMetricsResult")!.Element(Ns + "NextToken")!.Value);
    }

    [Fact]
    public void WriteError_HasTypeCodeMessageAndRequestId()
    {
        var xml = XDocument.Parse(Encoding.UTF8.GetString(QueryXmlWriter.WriteError(CloudWatchException.Missing("Namespace"), "r-9")));

        var error = xml.Root!.Element(Ns + "Error")!;
        Assert.Equal("ErrorResponse", xml.Root.Name.LocalName);
        Assert.Equal("Sender", error.Element(Ns + "Type")!.Value);
        Assert.Equal("MissingParameter", error.Element(Ns + "Code")!.Value);
        Assert.Equal("The parameter Namespace is required.", error.Element(Ns + "Message")!.Value);
        Assert.Equal("r-9", xml.Root.Element(Ns + "RequestId")!.Value);
    }

    [Theory]
    [InlineData(12.0, "12.0")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e20, "1E+20")]
    public void FormatDouble_AlwaysDecimal(double value, string expected)
    {
        Assert.Equal(expected, QueryXmlWriter.FormatDouble(value));
    }
}
