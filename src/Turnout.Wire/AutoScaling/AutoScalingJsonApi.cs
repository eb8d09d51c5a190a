using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.AutoScaling;

namespace Turnout.Wire.AutoScaling;

/// <summary>
/// Application Auto Scaling over AWS JSON 1.1: <c>POST /</c> with <c>X-Amz-Target: AnyScaleFrontendService.&lt;Op&gt;</c>
/// (SigV4 service <c>application-autoscaling</c>). Errors are <c>{"__type": code, "Message": …}</c> as the service writes them.
/// </summary>
public sealed partial class AutoScalingJsonApi
{
    public const string TargetPrefix = "AnyScaleFrontendService.";
    private const int MaxBodyBytes = 1 << 20;
    private static readonly object EmptyObject = new { };

    private readonly FrozenDictionary<string, Func<byte[], object?>> _operations;
    private readonly ILogger<AutoScalingJsonApi> _logger;

    public AutoScalingJsonApi(AutoScalingApi api, ScalingEvaluator evaluator, ILogger<AutoScalingJsonApi> logger)
    {
        _logger = logger;
        _operations = new Dictionary<string, Func<byte[], object?>>(StringComparer.Ordinal)
        {
            ["RegisterScalableTarget"] = b => api.Register(Read<RegisterScalableTargetInput>(b)),
            ["DescribeScalableTargets"] = b => api.DescribeTargets(Read<DescribeScalableTargetsInput>(b)),
            ["DeregisterScalableTarget"] = b => { api.Deregister(Read<ScalableTargetKey>(b)); return null; },
            ["PutScalingPolicy"] = b => api.PutPolicy(Read<PutScalingPolicyInput>(b)),
            ["DescribeScalingPolicies"] = b => api.DescribePolicies(Read<DescribeScalingPoliciesInput>(b), evaluator.AlarmsOf),
            ["DeleteScalingPolicy"] = b => { api.DeletePolicy(Read<DeleteScalingPolicyInput>(b)); return null; },
            ["DescribeScalingActivities"] = b => api.DescribeActivities(Read<DescribeScalingActivitiesInput>(b)),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public async Task HandleAsync(HttpContext context, string target)
    {
        var requestId = RequestIds.Next();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var operation = target[TargetPrefix.Length..];
        int status;
        object result;
        try
        {
            if (!_operations.TryGetValue(operation, out var handler))
            {
                throw new ControlPlaneException("UnknownOperationException",
                    $"Turnout does not implement AnyScaleFrontendService.{operation}. Supported: {string.Join(", ", _operations.Keys.Order(StringComparer.Ordinal))}.");
            }

            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            result = handler(body) ?? EmptyObject;
            status = 200;
        }
        catch (ControlPlaneException e)
        {
            status = e.StatusCode;
            result = new ErrorBody(e.Code, e.Message);
        }
        catch (JsonException e)
        {
            status = 400;
            result = new ErrorBody("SerializationException", $"The request body is not a valid {operation} input: {e.Message}");
        }

        Log.Call(_logger, operation, status, requestId, result is ErrorBody failure ? failure.Message : null);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await JsonSerializer.SerializeAsync(context.Response.Body, result, result.GetType(), WireJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private static T Read<T>(byte[] body) => body.Length == 0
        ? Activator.CreateInstance<T>()
        : JsonSerializer.Deserialize<T>(body, WireJson.Options) ?? throw new JsonException("The request body is null.");

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
        [property: JsonPropertyName("Message")] string Message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "AnyScaleFrontendService.{Operation} -> {Status} ({RequestId}) {Error}")]
        public static partial void Call(ILogger logger, string operation, int status, string requestId, string? error);
    }
}
