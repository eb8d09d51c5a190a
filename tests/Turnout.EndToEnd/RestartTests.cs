using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>State lives in SQLite under the data dir: a killed and restarted server serves the same endpoint.</summary>
public sealed class RestartTests(ITestOutputHelper output)
{
    private const string Endpoint = "restart-ab";

    [Fact]
    public async Task Restart_KilledServerSameDataDir_EndpointInServiceWithSameVariantsAndServing()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        JsonNode before;
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            // Non-default counts, then a weight update, so the test sees persisted *current* state, not just the config.
            await NotebookDeployment.CreateAsync(sm, Endpoint, (1, 1), (1, 2));
            await sm.ControlOkAsync("UpdateEndpointWeightsAndCapacities", new JsonObject
            {
                ["EndpointName"] = Endpoint,
                ["DesiredWeightsAndCapacities"] = new JsonArray(
                    new JsonObject { ["VariantName"] = "Variant1", ["DesiredWeight"] = 25.0 },
                    new JsonObject { ["VariantName"] = "Variant2", ["DesiredWeight"] = 75.0 }),
            });
            before = await sm.WaitForEndpointAsync(Endpoint, TimeSpan.FromSeconds(60));
            Assert.Equal("InService", (string?)before["EndpointStatus"]);
            await AssertServesAsync(sm);
        }

        await server.RestartAsync();

        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            // No control-plane call first: the endpoint must come back by itself.
            await AssertServesAsync(sm);

            var after = await sm.ControlOkAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = Endpoint });
            Assert.Equal("InService", (string?)after["EndpointStatus"]);
            Assert.Equal((string?)before["EndpointArn"], (string?)after["EndpointArn"]);
            Assert.Equal((string?)before["EndpointConfigName"], (string?)after["EndpointConfigName"]);
            Assert.Equal(VariantSummary(before), VariantSummary(after));
            Assert.Equal(
                ["Variant1 w=25/25 n=1/1", "Variant2 w=75/75 n=2/2"],
                VariantSummary(after));
        }
    }

    private static async Task AssertServesAsync(SageMakerHttp sm)
    {
        foreach (var variant in new[] { "Variant1", "Variant2" })
        {
            foreach (var row in NotebookData.Rows.TakeLast(5))
            {
                var response = await InvokeWhenReadyAsync(sm, row.Features, variant);
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
                Assert.Equal(variant, response.Header("x-Amzn-Invoked-Production-Variant"));
                var value = double.Parse(response.Body, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(value - row.For(variant)) <= 1e-6, $"{variant} line {row.Line}: {response.Body} vs {row.For(variant)}");
            }
        }
    }

    /// <summary>
    /// Right after a restart the models may still be loading: retries only the runtime's "not ready" answers
    /// (429 ModelNotReadyException, 503 ServiceUnavailable), within a deadline.
    /// </summary>
    private static async Task<WireResponse> InvokeWhenReadyAsync(SageMakerHttp sm, string payload, string variant)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var response = await sm.InvokeAsync(Endpoint, payload, variant);
            var notReady = response.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
            if (!notReady || stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                return response;
            }

            await Task.Delay(100);
        }
    }

    private static string[] VariantSummary(JsonNode described) =>
        described["ProductionVariants"]!.AsArray()
            .Select(v => string.Create(
                CultureInfo.InvariantCulture,
                $"{(string?)v!["VariantName"]} w={(double?)v["CurrentWeight"]}/{(double?)v["DesiredWeight"]} n={(int?)v["CurrentInstanceCount"]}/{(int?)v["DesiredInstanceCount"]}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
