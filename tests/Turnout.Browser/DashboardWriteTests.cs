using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Turnout.Browser.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Turnout.Browser;

/// <summary>A server of its own for the tests that change endpoints through the page.</summary>
public sealed class WriteFixture : DashboardFixture;

public sealed class DashboardWriteTests(WriteFixture fixture, ITestOutputHelper output) : IClassFixture<WriteFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task WeightsEditor_UpdatesTheEndpointAfterConfirmAndTheTrafficFollows()
    {
        await Churn.CreateEndpointAsync(fixture.Api, "weights", "weights");
        var page = await fixture.Browser.Context.NewPageAsync();
        await page.GotoAsync($"{fixture.Server.Url}/ui/#/endpoints/weights");
        await Expect(page.GetByTestId("share-Variant1")).ToHaveTextAsync("50.0%", Patient);

        // Cancel changes nothing.
        await page.GetByTestId("weight-input-Variant1").FillAsync("0");
        await Expect(page.GetByTestId("preview-share-Variant2")).ToHaveTextAsync("100.0%");
        await page.GetByTestId("apply-weights").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToBeVisibleAsync();
        await page.GetByTestId("confirm-cancel").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToHaveCountAsync(0);
        var unchanged = await fixture.Api.SageMakerAsync("DescribeEndpoint", new { EndpointName = "weights" });
        Assert.Equal("1.00", MetricsFromApi.Weight(unchanged, "Variant1"));

        // Variant1 to 0: after Confirm every request goes to Variant2.
        await page.GetByTestId("apply-weights").ClickAsync();
        await Expect(page.GetByTestId("confirm-dialog")).ToContainTextAsync("1.00 → 0.00");
        await page.GetByTestId("confirm-ok").ClickAsync();
        var zero = await WaitForWeightsAsync("weights", 0, 1);
        await Expect(page.GetByTestId("share-Variant2")).ToHaveTextAsync("100.0%", Patient);
        await Expect(page.GetByTestId("weight-Variant1")).ToHaveTextAsync(MetricsFromApi.Weight(zero, "Variant1"), Patient);
        var allToTwo = await Churn.SendTrafficAsync(fixture.Api, "weights", 60);
        Assert.Equal(60, allToTwo.GetValueOrDefault("Variant2"));

        // 25/75 with the slider for Variant2 and the number box for Variant1.
        await page.GetByTestId("weight-input-Variant1").FillAsync("1");
        var slider = page.GetByTestId("slider-Variant2");
        Assert.Equal("10", await slider.GetAttributeAsync("max"));
        await slider.FocusAsync();
        for (var i = 0; i < 20; i++)
        {
            await slider.PressAsync("ArrowRight"); // 0.1 a step: 1 → 3
        }

        await Expect(page.GetByTestId("weight-input-Variant2")).ToHaveValueAsync("3");
        await Expect(page.GetByTestId("preview-share-Variant1")).ToHaveTextAsync("25.0%");
        await Expect(page.GetByTestId("preview-share-Variant2")).ToHaveTextAsync("75.0%");
        await page.GetByTestId("apply-weights").ClickAsync();
        await page.GetByTestId("confirm-ok").ClickAsync();
        await WaitForWeightsAsync("weights", 1, 3);
        await Expect(page.GetByTestId("share-Variant1")).ToHaveTextAsync("25.0%", Patient);
        await Expect(page.GetByTestId("share-Variant2")).ToHaveTextAsync("75.0%", Patient);
        await BrowserSession.ScreenshotAsync(page, "weights", output);

        // The split follows: n = 400 at p = 0.25 has sd 8.7; 5 sd either side fails by chance about once in 10^6 runs.
        const int n = 400;
        var split = await Churn.SendTrafficAsync(fixture.Api, "weights", n, from: 60);
        var one = split.GetValueOrDefault("Variant1");
        var sd = Math.Sqrt(n * 0.25 * 0.75);
        Assert.InRange(one, n * 0.25 - 5 * sd, n * 0.25 + 5 * sd);
        output.WriteLine($"after 25/75 in the dashboard: Variant1 {one}, Variant2 {split.GetValueOrDefault("Variant2")} of {n}");

        // The page's counts follow the traffic too.
        var expected2 = 60 + split.GetValueOrDefault("Variant2");
        await Expect(page.GetByTestId("invocations-Variant2")).ToHaveTextAsync(expected2.ToString("N0", CultureInfo.InvariantCulture), Patient);
        await page.CloseAsync();
    }

    [Fact]
    public async Task RollbackButton_RollsARunningDeploymentBackThroughItsAlarm()
    {
        await Churn.CreateEndpointAsync(fixture.Api, "rollout", "rollout");
        await Churn.PutVariant1ErrorAlarmAsync(fixture.Api, "rollout-5xx", "rollout");
        await fixture.Api.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "rollout-v2",
            ProductionVariants = new object[] { new { VariantName = "Variant1", ModelName = "churn-b", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 2 } },
        });
        await fixture.Api.SageMakerAsync("UpdateEndpoint", new
        {
            EndpointName = "rollout",
            EndpointConfigName = "rollout-v2",
            DeploymentConfig = new
            {
                BlueGreenUpdatePolicy = new
                {
                    TrafficRoutingConfiguration = new { Type = "CANARY", WaitIntervalInSeconds = 3600, CanarySize = new { Type = "INSTANCE_COUNT", Value = 1 } },
                    TerminationWaitInSeconds = 0,
                },
                AutoRollbackConfiguration = new { Alarms = new[] { new { AlarmName = "rollout-5xx" } } },
            },
        });

        var page = await fixture.Browser.Context.NewPageAsync();
        await page.GotoAsync($"{fixture.Server.Url}/ui/#/endpoints/rollout");
        await Expect(page.GetByTestId("deployment")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("deployment-phase")).ToHaveTextAsync("ActivatingTraffic", Patient);
        var described = await fixture.Api.SageMakerAsync("DescribeEndpoint", new { EndpointName = "rollout" });
        var message = described["PendingDeploymentSummary"]!["ProductionVariants"]![0]!["VariantStatus"]![0]!["StatusMessage"]!.GetValue<string>();
        await Expect(page.GetByTestId("deployment-message")).ToContainTextAsync(message);
        await BrowserSession.ScreenshotAsync(page, "deployment", output);

        await page.GetByTestId("rollback").ClickAsync();
        await Expect(page.GetByTestId("rollback-alarm")).ToHaveValueAsync("rollout-5xx");
        await page.GetByTestId("confirm-ok").ClickAsync();

        var rolledBack = await Churn.WaitForStatusAsync(fixture.Api, "rollout", "InService", TimeSpan.FromSeconds(30));
        Assert.Equal("rollout", rolledBack["EndpointConfigName"]!.GetValue<string>());
        Assert.Null(rolledBack["PendingDeploymentSummary"]);
        var reason = rolledBack["FailureReason"]!.GetValue<string>();
        Assert.Contains("rollout-5xx", reason, StringComparison.Ordinal);
        await Expect(page.GetByTestId("failure-reason")).ToHaveTextAsync(reason, Patient);
        await Expect(page.GetByTestId("deployment")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await page.CloseAsync();
    }

    private async Task<JsonNode> WaitForWeightsAsync(string endpoint, double weight1, double weight2)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var described = await fixture.Api.SageMakerAsync("DescribeEndpoint", new { EndpointName = endpoint });
            var variants = described["ProductionVariants"]!.AsArray();
            double Current(string name) => variants.Single(v => v!["VariantName"]!.GetValue<string>() == name)!["CurrentWeight"]!.GetValue<double>();
            if (described["EndpointStatus"]!.GetValue<string>() == "InService" && Current("Variant1") == weight1 && Current("Variant2") == weight2)
            {
                return described;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{endpoint} has weights {Current("Variant1")}/{Current("Variant2")} ({described["EndpointStatus"]}), expected {weight1}/{weight2}.");
            await Task.Delay(100);
        }
    }
}
