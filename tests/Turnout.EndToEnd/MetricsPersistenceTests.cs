using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>CloudWatch keeps one-minute data for 15 days; a restart must not wipe what the notebook plots.</summary>
public sealed class MetricsPersistenceTests(ITestOutputHelper output)
{
    private const string Endpoint = "metrics-restart";

    [Fact]
    public async Task Restart_GracefulStop_InvocationMetricsSurvive()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            await NotebookDeployment.CreateAsync(sm, Endpoint, (1, 1), (1, 1));
            foreach (var row in NotebookData.Rows.TakeLast(5))
            {
                var response = await sm.InvokeAsync(Endpoint, row.Features, "Variant1");
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
            }
        }

        var start = DateTime.UtcNow.AddMinutes(-60);
        Assert.Equal(5.0, await InvocationsSumAsync(server, start));

        await server.RestartAsync(graceful: true);

        Assert.Equal(5.0, await InvocationsSumAsync(server, start));
    }

    /// <summary>Sum of Invocations for Variant1 over the query API, the way botocore 1.29 asks for it.</summary>
    private static async Task<double> InvocationsSumAsync(TurnoutServer server, DateTime start)
    {
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        var form = new Dictionary<string, string>
        {
            ["Action"] = "GetMetricStatistics",
            ["Version"] = "2010-08-01",
            ["Namespace"] = "AWS/SageMaker",
            ["MetricName"] = "Invocations",
            ["Dimensions.member.1.Name"] = "EndpointName",
            ["Dimensions.member.1.Value"] = Endpoint,
            ["Dimensions.member.2.Name"] = "VariantName",
            ["Dimensions.member.2.Value"] = "Variant1",
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
