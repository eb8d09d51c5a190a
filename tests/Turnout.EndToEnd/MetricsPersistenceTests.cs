using System.Net;
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
        Assert.Equal(5.0, await CloudWatchQuery.InvocationsSumAsync(server, Endpoint, "Variant1", start));

        await server.RestartAsync(graceful: true);

        Assert.Equal(5.0, await CloudWatchQuery.InvocationsSumAsync(server, Endpoint, "Variant1", start));
    }
}
