using System.Net;
using System.Net.Http.Headers;
using Turnout.Tests.Auth;
using Turnout.Tests.Support;

namespace Turnout.Tests.Prometheus;

/// <summary>--metrics-token-file: a Prometheus scrape with the bearer token works under --credentials; nothing else does.</summary>
public sealed class MetricsTokenTests : IAsyncLifetime
{
    private const string Token = "scrape-token-0123456789abcdef";
    private InProcessServer _server = null!;
    private HttpClient _unsigned = null!;

    public async Task InitializeAsync()
    {
        var directory = AuthTestKeys.NewDirectory();
        var file = Path.Combine(directory, "keys.json");
        AuthTestKeys.Write(file, AuthTestKeys.StandardKeys());
        _server = await InProcessServer.StartAsync(
            credentials: new TestCredentials(file, AuthTestKeys.AdminId, AuthTestKeys.AdminSecret),
            configureOptions: o => o with { MetricsToken = Token });
        _unsigned = new HttpClient { BaseAddress = _server.Client.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _unsigned.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await _unsigned.SendAsync(request);
    }

    [Fact]
    public async Task Scrape_WithToken_Served()
    {
        using var response = await GetAsync("/metrics", Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("turnout_invocations_total", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_WrongToken_401WithoutEchoingIt()
    {
        using var response = await GetAsync("/metrics", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("guess", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_NoToken_StillNeedsSigV4()
    {
        using var unsigned = await GetAsync("/metrics", null);
        Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
        using var signed = await _server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
    }

    [Fact]
    public async Task Token_OpensNothingElse()
    {
        // Elsewhere the bearer header is just a malformed SigV4 Authorization: IncompleteSignature.
        using var response = await GetAsync("/api/endpoints/x/report", Token);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("IncompleteSignature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
