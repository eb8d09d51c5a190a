using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Turnout.Wire.Runtime;

/// <summary>
/// The runtime's rest-json error shape: the code in <c>x-amzn-ErrorType</c> (which botocore reads first)
/// and again as <c>__type</c> in the body, with ModelError's extra members at the top level.
/// </summary>
internal static class RuntimeErrors
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message) =>
        WriteBodyAsync(context, status, code, new Dictionary<string, object> { ["__type"] = code, ["message"] = message });

    public static Task WriteModelErrorAsync(HttpContext context, string endpointName, string region, string accountId, int originalStatus, string originalMessage)
    {
        var kind = originalStatus >= 500 ? "server" : "client";
        var logStream = $"arn:aws:logs:{region}:{accountId}:log-group:/aws/sagemaker/Endpoints/{endpointName}";
        var body = new Dictionary<string, object>
        {
            ["__type"] = "ModelError",
            ["ErrorCode"] = originalStatus >= 500 ? "SERVER_ERROR_FROM_MODEL" : "CLIENT_ERROR_FROM_MODEL",
            ["message"] = $"Received {kind} error ({originalStatus}) from primary with message \"{originalMessage}\". See the Turnout server log for more information.",
            ["OriginalStatusCode"] = originalStatus,
            ["OriginalMessage"] = originalMessage,
            ["LogStreamArn"] = logStream,
        };
        return WriteBodyAsync(context, 424, "ModelError", body);
    }

    private static async Task WriteBodyAsync(HttpContext context, int status, string code, Dictionary<string, object> body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers["x-amzn-ErrorType"] = code;
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, body, (JsonSerializerOptions?)null, context.RequestAborted).ConfigureAwait(false);
    }
}
