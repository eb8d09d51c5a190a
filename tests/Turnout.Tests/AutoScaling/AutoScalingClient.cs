using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Support;

namespace Turnout.Tests.AutoScaling;

/// <summary>Application Auto Scaling over JSON 1.1 against an in-process server.</summary>
internal static class AutoScalingClient
{
    public const string Dimension = "sagemaker:variant:DesiredInstanceCount";

    public static string Resource(string endpoint, string variant = "Variant1") => $"endpoint/{endpoint}/variant/{variant}";

    public static async Task<(int Status, JsonElement Body)> CallAsync(this InProcessServer server, string operation, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "AnyScaleFrontendService." + operation);
        request.Content = new StringContent(input as string ?? JsonSerializer.Serialize(input), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task RegisterAsync(this InProcessServer server, string endpoint, int min, int max, string variant = "Variant1")
    {
        var (status, body) = await server.CallAsync("RegisterScalableTarget", new
        {
            ServiceNamespace = "sagemaker", ResourceId = Resource(endpoint, variant), ScalableDimension = Dimension, MinCapacity = min, MaxCapacity = max,
        });
        Assert.True(status == 200, body.ToString());
    }

    public static void AssertError(int status, JsonElement body, string code, string? messagePart = null)
    {
        Assert.Equal(400, status);
        Assert.Equal(code, body.GetProperty("__type").GetString());
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, body.GetProperty("Message").GetString(), StringComparison.Ordinal);
        }
    }
}
