using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>
/// Raw HTTP calls in SageMaker's wire shapes (json 1.1 control plane, rest-json runtime), for tests that
/// need to see exact statuses and headers or must not depend on an AWS SDK.
/// </summary>
internal sealed class SageMakerHttp(Uri baseUri) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<WireResponse> ControlAsync(string operation, JsonNode body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await _http.SendAsync(request);
        return await WireResponse.ReadAsync(response);
    }

    /// <summary>A control-plane call that must succeed; returns its JSON output (empty object for an empty body).</summary>
    public async Task<JsonNode> ControlOkAsync(string operation, JsonNode body)
    {
        var response = await ControlAsync(operation, body);
        if (response.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{operation} failed:\n{response}");
        }

        return string.IsNullOrWhiteSpace(response.Body) ? new JsonObject() : response.Json;
    }

    public async Task<WireResponse> InvokeAsync(string endpointName, string payload, string? targetVariant = null, string contentType = "text/csv")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{Uri.EscapeDataString(endpointName)}/invocations");
        request.Content = new StringContent(payload, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (targetVariant is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Target-Variant", targetVariant);
        }

        using var response = await _http.SendAsync(request);
        return await WireResponse.ReadAsync(response);
    }

    /// <summary>Polls DescribeEndpoint until the status leaves Creating/Updating, within <paramref name="deadline"/>.</summary>
    public async Task<JsonNode> WaitForEndpointAsync(string endpointName, TimeSpan deadline)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var described = await ControlOkAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = endpointName });
            var status = (string?)described["EndpointStatus"];
            if (status is not ("Creating" or "Updating"))
            {
                return described;
            }

            if (stopwatch.Elapsed > deadline)
            {
                throw new TimeoutException($"{endpointName} still {status} after {deadline.TotalSeconds:F0} s");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose() => _http.Dispose();
}
