using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Turnout.Cli;

/// <summary>
/// The two SageMaker calls the CLI makes, over plain HTTP. Every request goes through <see cref="SendAsync"/>,
/// the one place to add SigV4 signing once the server requires it.
/// </summary>
internal sealed class SageMakerClient(HttpClient http)
{
    private static readonly MediaTypeHeaderValue Json11 = new("application/x-amz-json-1.1");
    private static readonly MediaTypeHeaderValue TextCsv = new("text/csv");

    /// <summary>SageMaker.DescribeEndpoint (JSON 1.1): the endpoint status and its variant names in order.</summary>
    public async Task<(string Status, IReadOnlyList<string> Variants)> DescribeEndpointAsync(string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "SageMaker.DescribeEndpoint");
        request.Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["EndpointName"] = endpoint }), Encoding.UTF8);
        request.Content.Headers.ContentType = Json11;
        var body = await SendAsync(request, "DescribeEndpoint", cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var status = root.TryGetProperty("EndpointStatus", out var s) ? s.GetString() ?? "" : "";
            var variants = root.TryGetProperty("ProductionVariants", out var pv)
                ? pv.EnumerateArray().Select(v => v.GetProperty("VariantName").GetString()!).ToArray()
                : [];
            return (status, variants);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new EndpointException($"DescribeEndpoint returned an unreadable body: {e.Message}", e);
        }
    }

    /// <summary>InvokeEndpoint with X-Amzn-SageMaker-Target-Variant; returns the response body as text.</summary>
    public async Task<string> InvokeAsync(string endpoint, string variant, string csvRow, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{Uri.EscapeDataString(endpoint)}/invocations");
        request.Headers.Add("X-Amzn-SageMaker-Target-Variant", variant);
        request.Content = new StringContent(csvRow, Encoding.UTF8);
        request.Content.Headers.ContentType = TextCsv;
        return await SendAsync(request, $"InvokeEndpoint ({variant})", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new EndpointException($"{operation}: cannot reach {http.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EndpointException($"{operation}: {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:0} s.", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new EndpointException($"{operation} failed with HTTP {(int)response.StatusCode}: {ErrorMessage(body)}");
            }

            return body;
        }
    }

    /// <summary>The "__type: message" of a SageMaker error body, or the raw body.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m) ? m.GetString() : null;
            if (type is not null || message is not null)
            {
                return $"{type?.Split('#')[^1]}: {message}".Trim(' ', ':');
            }
        }
        catch (JsonException)
        {
        }

        return body.Length > 300 ? body[..300] + "…" : body;
    }
}
