using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Turnout.Cli.Client;

/// <summary>
/// The calls the CLI makes to a Turnout server over HTTP: SageMaker control plane (JSON 1.1), CloudWatch
/// (JSON 1.0) and InvokeEndpoint. Signs with SigV4 when credentials are set. Errors become
/// <see cref="NotFoundException"/>, <see cref="AccessDeniedException"/>, <see cref="UsageException"/>
/// (the server refused the input) or <see cref="EndpointException"/>.
/// </summary>
internal sealed class TurnoutClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json11 = new("application/x-amz-json-1.1");
    private static readonly MediaTypeHeaderValue Json10 = new("application/x-amz-json-1.0");

    private readonly HttpClient _http;

    public TurnoutClient(ClientSettings settings, TimeSpan? timeout = null)
    {
        Settings = settings;
        HttpMessageHandler handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.Credentials is { } credentials)
        {
            handler = new SigV4Signer(credentials, settings.Region, handler);
        }

        _http = new HttpClient(handler) { BaseAddress = settings.EndpointUrl, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    public ClientSettings Settings { get; }

    /// <summary>An HTTP client with the same base address and signing, for code that takes one (evaluate).</summary>
    public HttpClient Http => _http;

    /// <summary>A SageMaker control-plane operation (X-Amz-Target: SageMaker.<paramref name="operation"/>).</summary>
    public Task<JsonNode> SageMakerAsync(string operation, JsonObject input, CancellationToken cancellationToken) =>
        CallJsonAsync("SageMaker." + operation, Json11, input, operation, cancellationToken);

    /// <summary>A CloudWatch operation in the JSON 1.0 protocol.</summary>
    public Task<JsonNode> CloudWatchAsync(string operation, JsonObject input, CancellationToken cancellationToken) =>
        CallJsonAsync("GraniteServiceVersion20100801." + operation, Json10, input, operation, cancellationToken);

    /// <summary>InvokeEndpoint; returns the variant that answered and the body.</summary>
    public async Task<(string Variant, string Body)> InvokeAsync(string endpoint, string body, string contentType, string? targetVariant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"endpoints/{Uri.EscapeDataString(endpoint)}/invocations");
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (targetVariant is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Target-Variant", targetVariant);
        }

        using var response = await SendAsync(request, "InvokeEndpoint", cancellationToken).ConfigureAwait(false);
        var variant = response.Headers.TryGetValues("x-Amzn-Invoked-Production-Variant", out var v) ? v.First() : "";
        return (variant, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<JsonNode> CallJsonAsync(string target, MediaTypeHeaderValue contentType, JsonObject input, string operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "");
        request.Headers.Add("X-Amz-Target", target);
        request.Content = new StringContent(input.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = contentType;
        using var response = await SendAsync(request, operation, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text) ?? new JsonObject();
        }
        catch (JsonException e)
        {
            throw new EndpointException($"{operation}: the server at {Settings.EndpointUrl} answered with something that is not JSON; is it a Turnout server? ({e.Message})");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new EndpointException($"{operation}: cannot reach Turnout at {Settings.EndpointUrl} ({e.Message}). Is `turnout serve` running there? Set --endpoint-url or TURNOUT_ENDPOINT_URL.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EndpointException($"{operation}: {Settings.EndpointUrl} did not answer within {_http.Timeout.TotalSeconds:0} s.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var t) ? t.First() : null;
            var (code, message) = Error(body, type);
            // The first paragraph: a signature mismatch goes on with the canonical request, useful to SDK authors only.
            message = message.Split("\n\n")[0].Trim();
            if (message.Length > 0 && !".!?)".Contains(message[^1], StringComparison.Ordinal))
            {
                message += ".";
            }

            var text = $"{operation}: {(code is null ? "" : code + ": ")}{message}";
            throw Classify(response.StatusCode, code, message, text, Settings.Credentials is null);
        }
    }

    private static Exception Classify(HttpStatusCode status, string? code, string message, string text, bool unsigned)
    {
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var hint = unsigned
                ? " The server requires signed requests: pass --access-key and --secret-key (or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or --profile)."
                : " Check the access key and secret against the server's --credentials file.";
            return new AccessDeniedException(text + hint);
        }

        if (message.StartsWith("Could not find", StringComparison.Ordinal) || (code is "ValidationError" && message.Contains(" not found", StringComparison.Ordinal)))
        {
            return new NotFoundException(text);
        }

        return (int)status is >= 400 and < 500 && code is "ValidationException" or "ValidationError" or "InvalidParameterValue" or "InvalidParameterCombination" or "MissingParameter"
                or "InvalidParameterValueException" or "InvalidParameterCombinationException" or "MissingRequiredParameterException"
            ? new UsageException(text)
            : new EndpointException(text + $" (HTTP {(int)status})");
    }

    /// <summary>The error code and message of an AWS JSON error body (<c>__type</c>, <c>message</c>/<c>Message</c>).</summary>
    internal static (string? Code, string Message) Error(string body, string? headerType)
    {
        string? code = headerType?.Split(':')[0];
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("__type", out var t) && t.GetString() is { } type)
                {
                    code = type.Split('#')[^1];
                }

                if ((root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m)) && m.GetString() is { } message)
                {
                    return (code, message);
                }
            }
        }
        catch (JsonException)
        {
        }

        return (code, body.Length > 300 ? body[..300] + "…" : body);
    }

    public void Dispose() => _http.Dispose();
}
