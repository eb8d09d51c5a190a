using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Turnout.Browser.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Turnout.Browser;

/// <summary>
/// One real server with the notebook's endpoint (50/50, traffic with ground truth, an alarm) and a second at
/// 7/3; the pages must show what the API says.
/// </summary>
public sealed class ReadFixture : DashboardFixture
{
    public const int Traffic = 120;
    public const int SecondTraffic = 30;

    public Dictionary<string, int> Served { get; private set; } = [];

    public Dictionary<string, int> SecondServed { get; private set; } = [];

    protected override async Task SeedAsync()
    {
        await Churn.CreateEndpointAsync(Api, "churn", "churn");
        await Churn.CreateEndpointAsync(Api, "churn-7030", "churn-7030", weight1: 7, weight2: 3, instances2: 1);
        Served = await Churn.SendTrafficAsync(Api, "churn", Traffic, withInferenceIds: true);
        SecondServed = await Churn.SendTrafficAsync(Api, "churn-7030", SecondTraffic, from: Traffic);
        await Churn.UploadGroundTruthAsync(Api, "churn", Traffic);
        await Churn.PutVariant1ErrorAlarmAsync(Api, "churn-5xx", "churn");
    }
}

public sealed class DashboardReadTests(ReadFixture fixture, ITestOutputHelper output) : IClassFixture<ReadFixture>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task EndpointsPage_ShowsEachEndpointsStatusSplitAndInvocationsAsTheApiReportsThem()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        await page.GotoAsync($"{fixture.Server.Url}/ui/");
        await Expect(page.GetByTestId("endpoints-page")).ToBeVisibleAsync();

        foreach (var (endpoint, served, shares) in new[]
        {
            ("churn", fixture.Served, new[] { "50.0%", "50.0%" }),
            ("churn-7030", fixture.SecondServed, new[] { "70.0%", "30.0%" }),
        })
        {
            var described = await fixture.Api.SageMakerAsync("DescribeEndpoint", new { EndpointName = endpoint });
            await Expect(page.GetByTestId($"endpoint-status-{endpoint}")).ToHaveTextAsync(described["EndpointStatus"]!.GetValue<string>(), Patient);
            await Expect(page.GetByTestId($"split-{endpoint}-Variant1")).ToHaveTextAsync($"Variant1 {shares[0]}", Patient);
            await Expect(page.GetByTestId($"split-{endpoint}-Variant2")).ToHaveTextAsync($"Variant2 {shares[1]}", Patient);
            var total = served.Values.Sum();
            var fromApi = await MetricsFromApi.InvocationsLastHourAsync(fixture.Api, endpoint, "Variant1") + await MetricsFromApi.InvocationsLastHourAsync(fixture.Api, endpoint, "Variant2");
            Assert.Equal(total, fromApi);
            await Expect(page.GetByTestId($"endpoint-invocations-{endpoint}")).ToHaveTextAsync(total.ToString("N0", CultureInfo.InvariantCulture), Patient);
        }

        await BrowserSession.ScreenshotAsync(page, "endpoints", output);
        await page.GetByTestId("endpoint-link-churn").ClickAsync();
        await Expect(page.GetByTestId("endpoint-name")).ToHaveTextAsync("churn");
        Assert.EndsWith("/ui/#/endpoints/churn", page.Url, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task EndpointPage_ShowsTheApisWeightsInstancesInvocationsReportCaptureAndAlarms()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        await page.GotoAsync($"{fixture.Server.Url}/ui/#/endpoints/churn");
        var described = await fixture.Api.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" });
        await Expect(page.GetByTestId("endpoint-status")).ToHaveTextAsync("InService", Patient);
        await Expect(page.GetByTestId("endpoint-config")).ToHaveTextAsync("churn");
        foreach (var variant in new[] { "Variant1", "Variant2" })
        {
            await Expect(page.GetByTestId($"weight-{variant}")).ToHaveTextAsync(MetricsFromApi.Weight(described, variant));
            await Expect(page.GetByTestId($"instances-{variant}")).ToHaveTextAsync(MetricsFromApi.Instances(described, variant).ToString(CultureInfo.InvariantCulture));
            await Expect(page.GetByTestId($"share-{variant}")).ToHaveTextAsync("50.0%");
            var served = fixture.Served.GetValueOrDefault(variant);
            Assert.True(served > 0, $"{variant} served nothing of {ReadFixture.Traffic} requests at 50/50.");
            Assert.Equal(served, await MetricsFromApi.InvocationsLastHourAsync(fixture.Api, "churn", variant));
            await Expect(page.GetByTestId($"invocations-{variant}")).ToHaveTextAsync(served.ToString("N0", CultureInfo.InvariantCulture), Patient);
            await Expect(page.GetByTestId($"errors-{variant}")).ToHaveTextAsync("0");
        }

        // Capture runs off the request path: the report counts every labelled row once the captures are written.
        var report = await WaitForReportAsync(ReadFixture.Traffic);
        foreach (var variant in report["variants"]!.AsArray())
        {
            var name = variant!["name"]!.GetValue<string>();
            await Expect(page.GetByTestId($"report-count-{name}")).ToHaveTextAsync(variant["count"]!.GetValue<int>().ToString("N0", CultureInfo.InvariantCulture), new() { Timeout = 45_000 });
            var message = variant["recommendation"]!["message"]!.GetValue<string>();
            await Expect(page.GetByTestId($"recommendation-{name}")).ToContainTextAsync(message);
        }

        await Expect(page.GetByTestId("capture-status")).ToHaveTextAsync(described["DataCaptureConfig"]!["CaptureStatus"]!.GetValue<string>());
        var alarms = await fixture.Api.CloudWatchAsync("DescribeAlarms", new { AlarmNames = new[] { "churn-5xx" } });
        await Expect(page.GetByTestId("alarm-churn-5xx")).ToHaveTextAsync(alarms["MetricAlarms"]![0]!["StateValue"]!.GetValue<string>(), Patient);
        await Expect(page.GetByTestId("deployment")).ToBeHiddenAsync();
        Assert.Equal(4, await page.Locator(".chart-card .uplot").CountAsync());
        await BrowserSession.ScreenshotAsync(page, "endpoint", output);
        await page.CloseAsync();
    }

    [Fact]
    public async Task StaticFiles_AreEmbeddedAndServedUnderUi()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.Server.Url) };
        using var redirect = await http.GetAsync(new Uri("/ui", UriKind.Relative));
        Assert.Equal(308, (int)redirect.StatusCode);
        Assert.Equal("/ui/", redirect.Headers.Location!.OriginalString);

        using var index = await http.GetAsync(new Uri("/ui/", UriKind.Relative));
        Assert.Equal(200, (int)index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await index.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/ui/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        using var js = await http.GetAsync(new Uri(script, UriKind.Relative));
        Assert.Equal(200, (int)js.StatusCode);
        Assert.Contains("immutable", js.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        output.WriteLine($"{script}: {(await js.Content.ReadAsByteArrayAsync()).Length} bytes");

        using var missing = await http.GetAsync(new Uri("/ui/assets/nope.js", UriKind.Relative));
        Assert.Equal(404, (int)missing.StatusCode);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> WaitForReportAsync(int rows)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            // Until the capture writer's first batch is written (CaptureQueue.CoalesceWindow) a variant has no observations.
            var (status, body) = await fixture.Api.TryGetAsync("/api/endpoints/churn/report");
            Assert.True(status == 200 || body.Contains("has no observations", StringComparison.Ordinal), $"report: {status} {body}");
            var report = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            var counted = status == 200 ? report["variants"]!.AsArray().Sum(v => v!["count"]!.GetValue<int>()) : 0;
            if (counted == rows)
            {
                return report;
            }

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"The report counts {counted} labelled rows after 30 s, expected {rows}.");
            await Task.Delay(200);
        }
    }
}
