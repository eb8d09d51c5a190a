using System.Net;
using System.Text;
using Turnout.Tests.Models;
using Turnout.Tests.Support;
using Turnout.Wire.Runtime;

namespace Turnout.Tests.Wire;

public sealed class InvocationPathTests
{
    [Theory]
    [InlineData("/endpoints/churn/invocations", "churn")]
    [InlineData("/endpoints/churn/invocations/", "churn")]
    [InlineData("/ENDPOINTS/churn-2/Invocations", "churn-2")]
    [InlineData("/endpoints/a%2Fb/invocations", "a%2Fb")]
    public void Matches_WhatTheRouteTemplateMatched(string path, string expected)
    {
        Assert.True(InvocationPath.TryMatch(path, out var name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("/")]
    [InlineData("/endpoints//invocations")]
    [InlineData("/endpoints/invocations")]
    [InlineData("/endpoints/a/b/invocations")]
    [InlineData("/endpoints/churn/invocations/extra")]
    [InlineData("/endpoints/churn/invocationsx")]
    [InlineData("/api/endpoints/churn/invocations")]
    public void Refuses_OtherPaths(string? path) => Assert.False(InvocationPath.TryMatch(path, out _));

    [Fact]
    public async Task ThroughTheServer_FastPathInvokes_AndOtherRoutesStillWork()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "churn");

        using var invoked = await server.Client.PostAsync("/Endpoints/churn/Invocations/", new ByteArrayContent(Encoding.UTF8.GetBytes(ChurnEndpoint.Rows[0])) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.OK, invoked.StatusCode);
        Assert.StartsWith("Variant", invoked.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single(), StringComparison.Ordinal);

        // A GET is not an invocation: routing answers it as before (405), and the other APIs are still routed.
        using var get = await server.Client.GetAsync("/endpoints/churn/invocations");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", get.Content.Headers.Allow.Single());
        using var ping = await server.Client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        var (status, _) = await server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" });
        Assert.Equal(200, status);
    }
}
