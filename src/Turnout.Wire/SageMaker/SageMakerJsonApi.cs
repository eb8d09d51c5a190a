using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Shapes;
using Turnout.Wire.AwsJson;
using static Turnout.Wire.AwsJson.AwsJsonDispatcher;

namespace Turnout.Wire.SageMaker;

/// <summary>
/// SageMaker's control plane over AWS JSON 1.1: <c>POST /</c> with <c>X-Amz-Target: SageMaker.&lt;Op&gt;</c>.
/// Errors are <c>{"__type": code, "message": …}</c>, which botocore turns into ClientError codes.
/// </summary>
public sealed partial class SageMakerJsonApi
{
    public const string TargetPrefix = "SageMaker.";

    private readonly AwsJsonDispatcher _dispatcher;

    public SageMakerJsonApi(ModelsApi models, EndpointConfigsApi configs, EndpointsApi endpoints, ILogger<SageMakerJsonApi> logger)
    {
        _dispatcher = new AwsJsonDispatcher(TargetPrefix, new Dictionary<string, Func<byte[], object?>>
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
        }, capitalisedMessage: false, call => Log.Call(logger, call.Operation, call.Status, call.RequestId, ResourceName(call.Body), call.Error));
    }

    public Task HandleAsync(HttpContext context, string target) => _dispatcher.HandleAsync(context, target);

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

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "SageMaker.{Operation} {Resource} -> {Status} ({RequestId}) {Error}")]
        public static partial void Call(ILogger logger, string operation, int status, string requestId, string? resource, string? error);
    }
}
