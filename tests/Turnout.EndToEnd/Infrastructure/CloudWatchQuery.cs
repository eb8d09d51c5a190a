using System.Globalization;
using System.Net;
using System.Xml.Linq;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>CloudWatch reads over the query API, the way botocore 1.29 asks for them.</summary>
internal static class CloudWatchQuery
{
    /// <summary>Sum of a variant's Invocations from <paramref name="start"/> to a minute from now, in one-minute periods.</summary>
    public static async Task<double> InvocationsSumAsync(TurnoutServer server, string endpoint, string variant, DateTime start)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var form = new Dictionary<string, string>
        {
            ["Action"] = "GetMetricStatistics",
            ["Version"] = "2010-08-01",
            ["Namespace"] = "AWS/SageMaker",
            ["MetricName"] = "Invocations",
            ["Dimensions.member.1.Name"] = "EndpointName",
            ["Dimensions.member.1.Value"] = endpoint,
            ["Dimensions.member.2.Name"] = "VariantName",
            ["Dimensions.member.2.Value"] = variant,
            ["StartTime"] = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["EndTime"] = DateTime.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["Period"] = "60",
            ["Statistics.member.1"] = "Sum",
        };
        using var content = new FormUrlEncodedContent(form);
        using var response = await http.PostAsync("/", content);
        var wire = await WireResponse.ReadAsync(response);
        Assert.True(wire.Status == HttpStatusCode.OK, wire.ToString());
        return XDocument.Parse(wire.Body).Descendants().Where(e => e.Name.LocalName == "Sum")
            .Sum(e => double.Parse(e.Value, CultureInfo.InvariantCulture));
    }
}
