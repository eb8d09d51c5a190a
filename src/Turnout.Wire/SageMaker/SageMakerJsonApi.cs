using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Shapes;

namespace Turnout.Wire.SageMaker;

/// <summary>
/// SageMaker's control plane over AWS JSON 1.1: <c>POST /</c> with <c>X-Amz-Target: SageMaker.&lt;Op&gt;</c>.
/// Errors are <c>{"__type": code, "message": …}</c>, which botocore turns into ClientError codes.
/// </summary>
public sealed partial class SageMakerJsonApi
{
    public const string TargetPrefix = "SageMaker.";
    private const int MaxBodyBytes = 1 << 20;

    private readonly FrozenDictionary<string, Func<byte[], object?>> _operations;
    private readonly ILogger<SageMakerJsonApi> _logger;

    public SageMakerJsonApi(ModelsApi models, EndpointConfigsApi configs, EndpointsApi endpoints, ILogger<SageMakerJsonApi> logger)
    {
        _logger = logger;
        _operations = new Dictionary<string, Func<byte[], object?>>(StringComparer.Ordinal)
        {
            ["CreateModel"] = b => models.Create(Read<CreateModelInput>(b)),
            ["DescribeModel"] = b => models.Describe(Read<NameInput>(b)),
            ["ListModels"] = b => models.List(Read<ListInput>(b)),
            ["DeleteModel"] = b => { models.Delete(Read<NameInput>(b)); return null; },
            ["CreateEndpointConfig"] = b => configs.Create(Read<CreateEndpointConfigInput>(b)),
            ["DescribeEndpointConfig"] = b => configs.Describe(Read<NameInput>(b)),
            ["ListEndpointConfigs"] = b => configs.List(Read<ListInput>(b)),
            ["DeleteEndpointConfig"] = b => { configs.Delete(Read<NameInput>(b)); return null; },
            ["CreateEndpoint"] = b => endpoints.Create(Read<CreateEndpointInput>(b)),
            ["DescribeEndpoint"] = b => endpoints.Describe(Read<NameInput>(b)),
            ["ListEndpoints"] = b => endpoints.List(Read<ListInput>(b)),
            ["DeleteEndpoint"] = b => { endpoints.Delete(Read<NameInput>(b)); return null; },
            ["UpdateEndpoint"] = b => endpoints.Update(Read<UpdateEndpointInput>(b)),
            ["UpdateEndpointWeightsAndCapacities"] = b => endpoints.UpdateWeightsAndCapacities(Read<UpdateEndpointWeightsAndCapacitiesInput>(b)),
        }.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public async Task HandleAsync(HttpContext context, string target)
    {
        var requestId = RequestIds.Next();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var operation = target[TargetPrefix.Length..];
        int status;
        object? result;
        byte[]? body = null;
        try
        {
            if (!_operations.TryGetValue(operation, out var handler))
            {
                throw new ControlPlaneException("UnknownOperationException",
                    $"Turnout does not implement SageMaker.{operation}. Supported: {string.Join(", ", _operations.Keys.Order(StringComparer.Ordinal))}.");
            }

            body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
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

        Log.Call(_logger, operation, status, requestId, ResourceName(body), result is ErrorBody failure ? failure.Message : null);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await JsonSerializer.SerializeAsync(context.Response.Body, result, result.GetType(), WireJson.Options, context.RequestAborted).ConfigureAwait(false);
    }

    private static readonly object EmptyObject = new { };

    /// <summary>The resource a call names (endpoint, config or model), for the log line; never throws.</summary>
    private static string? ResourceName(byte[]? body)
    {
        if (body is null || body.Length == 0)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 &&
                    (reader.ValueTextEquals("EndpointName") || reader.ValueTextEquals("EndpointConfigName") || reader.ValueTextEquals("ModelName")))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
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
        if (buffer.Length > MaxBodyBytes)
        {
            throw ControlPlaneException.Validation($"The request body is larger than {MaxBodyBytes} bytes.");
        }

        return buffer.ToArray();
    }

    private sealed record ErrorBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "SageMaker.{Operation} {Resource} -> {Status} ({RequestId}) {Error}")]
        public static partial void Call(ILogger logger, string operation, int status, string requestId, string? resource, string? error);
    }
}
