using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Turnout.ControlPlane;

namespace Turnout.Wire.AwsJson;

/// <summary>
/// The AWS JSON 1.1 protocol that SageMaker and Application Auto Scaling share: the operation named by
/// <c>X-Amz-Target</c>, a bounded JSON body, and errors as <c>{"__type": code, message}</c>. The services differ
/// only in their operations, the casing of the error's message member and their log line.
/// </summary>
internal sealed class AwsJsonDispatcher
{
    private const int MaxBodyBytes = 1 << 20;
    private static readonly object EmptyObject = new { };

    private readonly string _targetPrefix;
    private readonly FrozenDictionary<string, Func<byte[], object?>> _operations;
    private readonly bool _capitalisedMessage;
    private readonly Action<AwsJsonCall> _log;

    /// <param name="targetPrefix">The service's X-Amz-Target prefix, ending with the dot.</param>
    /// <param name="operations">Each operation's handler; a null result is sent as <c>{}</c>.</param>
    /// <param name="capitalisedMessage">The service writes the error's message as <c>Message</c> rather than <c>message</c>.</param>
    /// <param name="log">Called once per call, before the response is written.</param>
    public AwsJsonDispatcher(string targetPrefix, IDictionary<string, Func<byte[], object?>> operations, bool capitalisedMessage, Action<AwsJsonCall> log)
    {
        _targetPrefix = targetPrefix;
        _operations = operations.ToFrozenDictionary(StringComparer.Ordinal);
        _capitalisedMessage = capitalisedMessage;
        _log = log;
    }

    public async Task HandleAsync(HttpContext context, string target)
    {
        var requestId = RequestIds.Next();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var operation = target[_targetPrefix.Length..];
        int status;
        object result;
        string? error = null;
        byte[]? body = null;
        try
        {
            if (!_operations.TryGetValue(operation, out var handler))
            {
                throw new ControlPlaneException("UnknownOperationException",
                    $"Turnout does not implement {_targetPrefix}{operation}. Supported: {string.Join(", ", _operations.Keys.Order(StringComparer.Ordinal))}.");
            }

            body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            result = handler(body) ?? EmptyObject;
            status = 200;
        }
        catch (ControlPlaneException e)
        {
            status = e.StatusCode;
            error = e.Message;
            result = Error(e.Code, error);
        }
        catch (JsonException e)
        {
            status = 400;
            error = $"The request body is not a valid {operation} input: {e.Message}";
            result = Error("SerializationException", error);
        }

        _log(new AwsJsonCall(operation, status, requestId, body, error));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await JsonSerializer.SerializeAsync(context.Response.Body, result, result.GetType(), WireJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An operation's input; an empty body is the input with every member left out.</summary>
    public static T Read<T>(byte[] body) => body.Length == 0
        ? Activator.CreateInstance<T>()
        : JsonSerializer.Deserialize<T>(body, WireJson.Options) ?? throw new JsonException("The request body is null.");

    private object Error(string code, string message) =>
        _capitalisedMessage ? new CapitalisedErrorBody(code, message) : new ErrorBody(code, message);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw ControlPlaneException.Validation($"The request body is larger than {MaxBodyBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.Length > MaxBodyBytes
            ? throw ControlPlaneException.Validation($"The request body is larger than {MaxBodyBytes} bytes.")
            : buffer.ToArray();
    }

    private sealed record ErrorBody(
        [property: JsonPropertyName("__type")] string Type,
        [property: JsonPropertyName("message")] string Message);

    private sealed record CapitalisedErrorBody(
        [property: JsonPropertyName("__type")] string Type,
        [property: JsonPropertyName("Message")] string Message);
}
