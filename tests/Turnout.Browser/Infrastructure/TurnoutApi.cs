using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Turnout.Browser.Infrastructure;

/// <summary>
/// The API side of the checks: plain HTTP calls in the wire protocols (SageMaker JSON 1.1, CloudWatch JSON
/// 1.0, the runtime), signed with SigV4 when a key is given, so the tests compare the page with the server.
/// </summary>
internal sealed class TurnoutApi(string url, string? accessKeyId = null, string? secret = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

    public Task<JsonNode> SageMakerAsync(string operation, object input) =>
        PostAsync("SageMaker." + operation, "application/x-amz-json-1.1", "sagemaker", input);

    public Task<JsonNode> CloudWatchAsync(string operation, object input) =>
        PostAsync("GraniteServiceVersion20100801." + operation, "application/x-amz-json-1.0", "monitoring", input);

    /// <summary>Invokes the endpoint with one CSV row; returns the variant that served it.</summary>
    public async Task<string> InvokeAsync(string endpoint, string row, string? inferenceId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations") { Content = new StringContent(row, Encoding.UTF8, "text/csv") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (inferenceId is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Inference-Id", inferenceId);
        }

        using var response = await SendAsync(request, "sagemaker");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"InvokeEndpoint {endpoint}: {(int)response.StatusCode} {body}");
        return response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single();
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        var (status, body) = await TryGetAsync(path);
        Assert.True(status is >= 200 and < 300, $"GET {path}: {status} {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<(int Status, string Body)> TryGetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, "sagemaker");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> PostRawAsync(string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/jsonlines") };
        using var response = await SendAsync(request, "sagemaker");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    /// <summary>The status code of an unsigned call, to show data calls need a signature.</summary>
    public async Task<int> UnsignedStatusAsync(string operation)
    {
        using var plain = new HttpClient { BaseAddress = _http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1") };
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        using var response = await plain.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async Task<int> GetStatusAsync(string path)
    {
        using var plain = new HttpClient { BaseAddress = _http.BaseAddress };
        using var response = await plain.GetAsync(new Uri(path, UriKind.Relative));
        return (int)response.StatusCode;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> PostAsync(string target, string contentType, string service, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(JsonSerializer.Serialize(input), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Amz-Target", target);
        using var response = await SendAsync(request, service);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{target}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? new JsonObject() : JsonNode.Parse(body)!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string service)
    {
        if (accessKeyId is not null && secret is not null)
        {
            await SignAsync(request, service);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>SigV4 from the AWS documentation: host, x-amz-date, content-type and x-amz-target signed, body hashed.</summary>
    private async Task SignAsync(HttpRequestMessage request, string service)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        var date = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var uri = new Uri(_http.BaseAddress!, request.RequestUri!);
        request.Headers.Add("X-Amz-Date", date);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = uri.Authority, ["x-amz-date"] = date };
        if (request.Content?.Headers.ContentType is { } type)
        {
            headers["content-type"] = type.ToString();
        }

        if (request.Headers.TryGetValues("X-Amz-Target", out var target))
        {
            headers["x-amz-target"] = target.Single();
        }

        var signed = string.Join(';', headers.Keys);
        var canonical = $"{request.Method.Method}\n{uri.AbsolutePath}\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signed}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var scope = $"{date[..8]}/us-east-1/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date[..8], "us-east-1", service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signed}, Signature={signature}");
    }
}
