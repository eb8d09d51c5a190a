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
            // No control-plane call and no retry first: /ping answers 200 only once stored endpoints are back in service.
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
                var response = await sm.InvokeAsync(Endpoint, row.Features, variant);
                Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
                Assert.Equal(variant, response.Header("x-Amzn-Invoked-Production-Variant"));
                var value = double.Parse(response.Body, CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(value - row.For(variant)) <= 1e-6, $"{variant} line {row.Line}: {response.Body} vs {row.For(variant)}");
            }
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
