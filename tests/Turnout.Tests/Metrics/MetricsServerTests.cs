using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Prometheus;
using Turnout.Tests.Support;

namespace Turnout.Tests.Metrics;

/// <summary>Metrics through the whole server: invocations recorded by the runtime, kept across a restart, scraped by Prometheus.</summary>
public sealed class MetricsServerTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_InvocationMetricsSurvive()
    {
        string dataDirectory;
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var first = await InProcessServer.StartAsync())
        {
            dataDirectory = first.DataDirectory;
            await ChurnEndpoint.CreateAsync(first, "churn", weight1: 1, weight2: 0);
            for (var i = 0; i < 7; i++)
            {
                using var response = await first.Client.PostAsync("/endpoints/churn/invocations", new StringContent(ChurnEndpoint.Rows[i], Encoding.UTF8, "text/csv"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Equal(7, await SumAsync(first, "Invocations", start));
        }

        Assert.True(File.Exists(Path.Combine(dataDirectory, "metrics.db")));
        await using var second = await InProcessServer.StartAsync(dataDirectory);
        Assert.Equal(7, await SumAsync(second, "Invocations", start));
        Assert.Equal(7, await SumAsync(second, "ModelLatency", start, "SampleCount"));
    }

    [Fact]
    public async Task GetMetrics_AfterInvocations_PrometheusTextWithVariantLabels()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "churn", weight1: 0, weight2: 1);
        for (var i = 0; i < 3; i++)
        {
            using var response = await server.Client.PostAsync("/endpoints/churn/invocations", new StringContent(ChurnEndpoint.Rows[i], Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var scrape = await server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Equal("text/plain", scrape.Content.Headers.ContentType!.MediaType);
        var samples = await PrometheusExporterTests.ParseAsync(await scrape.Content.ReadAsStringAsync());
        var served = Assert.Single(samples, s => s.Name == "turnout_invocations_total" && s.Labels["variant"] == "Variant2");
        Assert.Equal(("churn", 3.0), (served.Labels["endpoint"], served.Value));
        Assert.Equal(3, Assert.Single(samples, s => s.Name == "turnout_model_latency_seconds_count" && s.Labels["variant"] == "Variant2").Value);
    }

    private static async Task<double> SumAsync(InProcessServer server, string metric, DateTimeOffset start, string statistic = "Sum")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801.GetMetricStatistics");
        request.Content = new StringContent(JsonSerializer.Serialize(new
        {
            Namespace = "AWS/SageMaker",
            MetricName = metric,
            Dimensions = new[] { new { Name = "EndpointName", Value = "churn" }, new { Name = "VariantName", Value = "Variant1" } },
            StartTime = start.ToUnixTimeSeconds(),
            EndTime = start.AddMinutes(15).ToUnixTimeSeconds(),
            Period = 60,
            Statistics = new[] { statistic },
        }), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await server.Client.SendAsync(request);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return doc.RootElement.GetProperty("Datapoints").EnumerateArray().Sum(d => d.GetProperty(statistic).GetDouble());
    }
}
