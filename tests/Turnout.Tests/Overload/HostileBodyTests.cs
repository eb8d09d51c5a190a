using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Support;

namespace Turnout.Tests.Overload;

/// <summary>Invocation bodies that are too big, not UTF-8, one enormous line, or the wrong width: each a clear 4xx in the runtime's shape.</summary>
public sealed class HostileBodyTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(_server, "hostile");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(int Status, string Type, JsonElement Body)> InvokeAsync(byte[] body, string contentType = "text/csv")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/hostile/invocations") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("X-Amzn-SageMaker-Target-Variant", "Variant1");
        using var response = await _server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.Single() : "";
        return ((int)response.StatusCode, type, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static void AssertClientModelError((int Status, string Type, JsonElement Body) result, string messagePart)
    {
        Assert.Equal(424, result.Status);
        Assert.Equal("ModelError", result.Type);
        Assert.InRange(result.Body.GetProperty("OriginalStatusCode").GetInt32(), 400, 499);
        Assert.Contains(messagePart, result.Body.GetProperty("OriginalMessage").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NotUtf8_ClientModelError()
    {
        var row = Encoding.ASCII.GetBytes(ChurnEndpoint.Rows[0]);
        row[3] = 0xff;
        row[10] = 0xc3;
        AssertClientModelError(await InvokeAsync(row), "");
        AssertClientModelError(await InvokeAsync([0xff, 0xfe, 0x00, 0x31], "application/json"), "");
    }

    [Fact]
    public async Task OneLineOfFiveMegabytes_ClientModelError()
    {
        // 5 MB without a newline: under the payload limit, far over the model's 69 columns.
        var line = Encoding.ASCII.GetBytes(string.Join(',', Enumerable.Repeat("1.5", 5_000_000 / 4)));
        AssertClientModelError(await InvokeAsync(line), "feature");
    }

    [Fact]
    public async Task WrongFeatureCount_ClientModelErrorNamingBoth()
    {
        var result = await InvokeAsync("1,2,3"u8.ToArray());
        AssertClientModelError(result, "3");
        Assert.Contains("69", result.Body.GetProperty("OriginalMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverSixMegabytes_ValidationErrorBeforeTheModel()
    {
        var (status, type, body) = await InvokeAsync(new byte[Turnout.Wire.Runtime.RuntimeApi.MaxPayloadBytes + 1]);
        Assert.Equal(400, status);
        Assert.Equal("ValidationError", type);
        Assert.Contains("6291456", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
