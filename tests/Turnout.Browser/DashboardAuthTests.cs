using Microsoft.Playwright;
using Turnout.Browser.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Turnout.Browser;

/// <summary>With --credentials the static files load without a key, every data call is signed in the browser.</summary>
public sealed class DashboardAuthTests(ITestOutputHelper output)
{
    private const string KeyId = "AKIDDASHBOARDTEST01";
    private const string Secret = "dashboard-test-secret-0123456789abcdef";
    private const string ReadOnlyKeyId = "AKIDREADONLYTEST001";
    private const string ReadOnlySecret = "readonly-test-secret-0123456789abcdef";

    private static readonly string Keys = $$"""
        { "keys": [
          { "accessKeyId": "{{KeyId}}", "secretAccessKey": "{{Secret}}" },
          { "accessKeyId": "{{ReadOnlyKeyId}}", "secretAccessKey": "{{ReadOnlySecret}}",
            "allow": ["sagemaker:List*", "sagemaker:Describe*", "cloudwatch:*", "turnout:GetReport"] }
        ] }
        """;

    [Fact]
    public async Task Login_SignsEveryCallInTheBrowser_AndTheServerStillChecksTheKeysRights()
    {
        await using var server = await TurnoutProcess.StartAsync(Keys);
        using var api = new TurnoutApi(server.Url, KeyId, Secret);
        await Churn.CreateModelsAsync(api);
        await Churn.CreateEndpointAsync(api, "churn", "churn");
        var served = await Churn.SendTrafficAsync(api, "churn", 20);

        // Static files need no key; data calls do.
        Assert.Equal(200, await api.GetStatusAsync("/ui/"));
        Assert.Equal(403, await api.UnsignedStatusAsync("ListEndpoints"));

        await using var browser = await BrowserSession.StartAsync();
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync($"{server.Url}/ui/#/endpoints/churn");
        await Expect(page.GetByTestId("login")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await BrowserSession.ScreenshotAsync(page, "login", output);

        // A wrong secret is refused by the server's SigV4 check and said so.
        await page.GetByTestId("login-key").FillAsync(KeyId);
        await page.GetByTestId("login-secret").FillAsync("not-the-secret-at-all-000000");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("InvalidSignatureException");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('turnout.credentials')"));

        // The read-only key sees the endpoint page (SageMaker, CloudWatch and /api calls all signed) …
        await page.GetByTestId("login-key").FillAsync(ReadOnlyKeyId);
        await page.GetByTestId("login-secret").FillAsync(ReadOnlySecret);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ReadOnlyKeyId);
        await Expect(page.GetByTestId("endpoint-status")).ToHaveTextAsync("InService", new() { Timeout = 30_000 });
        var v1 = served.GetValueOrDefault("Variant1").ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("invocations-Variant1")).ToHaveTextAsync(v1, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("refresh-status")).ToContainTextAsync("Updated");

        // … but may not change weights: the server refuses, and the page says why.
        await page.GetByTestId("weight-input-Variant1").FillAsync("3");
        await page.GetByTestId("apply-weights").ClickAsync();
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(page.GetByTestId("toast")).ToContainTextAsync("AccessDeniedException");
        var described = await api.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" });
        Assert.Equal("1.00", MetricsFromApi.Weight(described, "Variant1"));

        // Signing out forgets the key: the next call needs a login again.
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("login")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('turnout.credentials')"));

        // The full key may.
        await page.GetByTestId("login-key").FillAsync(KeyId);
        await page.GetByTestId("login-secret").FillAsync(Secret);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("share-Variant1")).ToHaveTextAsync("50.0%", new() { Timeout = 30_000 });
        await page.GetByTestId("weight-input-Variant1").FillAsync("3");
        await page.GetByTestId("apply-weights").ClickAsync();
        await page.GetByTestId("confirm-ok").ClickAsync();
        await Expect(page.GetByTestId("share-Variant1")).ToHaveTextAsync("75.0%", new() { Timeout = 30_000 });
        described = await api.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" });
        Assert.Equal("3.00", MetricsFromApi.Weight(described, "Variant1"));
        Assert.DoesNotContain(Secret, server.Log, StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "signed-in", output);
    }
}
