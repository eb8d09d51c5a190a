using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.AutoScaling;
using Turnout.Wire.AwsJson;
using static Turnout.Wire.AwsJson.AwsJsonDispatcher;

namespace Turnout.Wire.AutoScaling;

/// <summary>
/// Application Auto Scaling over AWS JSON 1.1: <c>POST /</c> with <c>X-Amz-Target: AnyScaleFrontendService.&lt;Op&gt;</c>
/// (SigV4 service <c>application-autoscaling</c>). Errors are <c>{"__type": code, "Message": …}</c> as the service writes them.
/// </summary>
public sealed partial class AutoScalingJsonApi
{
    public const string TargetPrefix = "AnyScaleFrontendService.";

    private readonly AwsJsonDispatcher _dispatcher;

    public AutoScalingJsonApi(AutoScalingApi api, ScalingEvaluator evaluator, ILogger<AutoScalingJsonApi> logger)
    {
        _dispatcher = new AwsJsonDispatcher(TargetPrefix, new Dictionary<string, Func<byte[], object?>>
        {
            ["RegisterScalableTarget"] = b => api.Register(Read<RegisterScalableTargetInput>(b)),
            ["DescribeScalableTargets"] = b => api.DescribeTargets(Read<DescribeScalableTargetsInput>(b)),
            ["DeregisterScalableTarget"] = b => { api.Deregister(Read<ScalableTargetKey>(b)); return null; },
            ["PutScalingPolicy"] = b => api.PutPolicy(Read<PutScalingPolicyInput>(b)),
            ["DescribeScalingPolicies"] = b => api.DescribePolicies(Read<DescribeScalingPoliciesInput>(b), evaluator.AlarmsOf),
            ["DeleteScalingPolicy"] = b => { api.DeletePolicy(Read<DeleteScalingPolicyInput>(b)); return null; },
            ["DescribeScalingActivities"] = b => api.DescribeActivities(Read<DescribeScalingActivitiesInput>(b)),
        }, capitalisedMessage: true, call => Log.Call(logger, call.Operation, call.Status, call.RequestId, call.Error));
    }

    public Task HandleAsync(HttpContext context, string target) => _dispatcher.HandleAsync(context, target);

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "AnyScaleFrontendService.{Operation} -> {Status} ({RequestId}) {Error}")]
        public static partial void Call(ILogger logger, string operation, int status, string requestId, string? error);
    }
}
