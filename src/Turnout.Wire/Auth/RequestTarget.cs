using Microsoft.AspNetCore.Http;
using Turnout.Wire.CloudWatch;
using Turnout.Wire.Runtime;
using Turnout.Wire.SageMaker;

namespace Turnout.Wire.Auth;

/// <summary>
/// What a request asks for, worked out the way <see cref="Hosting.FrontDoor"/> routes it: the API, the
/// SigV4 service its signature must be scoped to, the operation (for the allow list) and, for the runtime,
/// the endpoint named in the path. The operation of a CloudWatch query request and the resource of a
/// control-plane call are in the body, which <see cref="SigV4Middleware"/> reads later.
/// </summary>
internal readonly record struct RequestTarget(ApiKind Api, string? Operation, string? EndpointName)
{
    public const string SageMakerService = "sagemaker";
    public const string CloudWatchService = "monitoring";
    public const string AutoScalingService = "application-autoscaling";

    private const string InvocationsPrefix = "/endpoints/";
    private const string InvocationsSuffix = "/invocations";
    private const string TurnoutPrefix = "/api/endpoints/";
    private const string CborPrefix = "/service/" + CloudWatchApi.ServiceId + "/operation/";
    private const string CloudWatchTarget = CloudWatchApi.ServiceId + ".";

    /// <summary>The SigV4 service the credential scope must name; null accepts either (unknown requests).</summary>
    public string? Service => Api switch
    {
        ApiKind.ControlPlane or ApiKind.Runtime or ApiKind.Turnout => SageMakerService,
        ApiKind.CloudWatchQuery or ApiKind.CloudWatchJson or ApiKind.CloudWatchCbor => CloudWatchService,
        ApiKind.AutoScaling => AutoScalingService,
        _ => null,
    };

    /// <summary>The IAM-style service prefix of actions (<c>sagemaker:…</c>, <c>cloudwatch:…</c>).</summary>
    public string ActionService => Api switch
    {
        ApiKind.ControlPlane or ApiKind.Runtime => "sagemaker",
        ApiKind.Turnout => "turnout",
        ApiKind.AutoScaling => AutoScalingService,
        _ => "cloudwatch",
    };

    public static RequestTarget Classify(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (path.StartsWith(InvocationsPrefix, StringComparison.Ordinal) && path.EndsWith(InvocationsSuffix, StringComparison.Ordinal)
            && path.Length > InvocationsPrefix.Length + InvocationsSuffix.Length)
        {
            var name = path[InvocationsPrefix.Length..^InvocationsSuffix.Length];
            return name.Contains('/', StringComparison.Ordinal)
                ? new RequestTarget(ApiKind.Unknown, null, null)
                : new RequestTarget(ApiKind.Runtime, "InvokeEndpoint", name);
        }

        if (path.StartsWith(TurnoutPrefix, StringComparison.Ordinal))
        {
            // /api/endpoints/{name}/ground-truth (POST) → turnout:PutGroundTruth; /report (GET) → turnout:GetReport.
            var rest = path[TurnoutPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                var operation = rest[(slash + 1)..] switch
                {
                    "ground-truth" => "PutGroundTruth",
                    "report" => "GetReport",
                    var other => other,
                };
                return new RequestTarget(ApiKind.Turnout, operation, rest[..slash]);
            }
        }

        if (path.StartsWith(CborPrefix, StringComparison.Ordinal))
        {
            return new RequestTarget(ApiKind.CloudWatchCbor, path[CborPrefix.Length..], null);
        }

        if (path == "/")
        {
            var target = request.Headers["X-Amz-Target"].ToString();
            if (target.StartsWith(SageMakerJsonApi.TargetPrefix, StringComparison.Ordinal))
            {
                return new RequestTarget(ApiKind.ControlPlane, target[SageMakerJsonApi.TargetPrefix.Length..], null);
            }

            if (target.StartsWith(AutoScaling.AutoScalingJsonApi.TargetPrefix, StringComparison.Ordinal))
            {
                return new RequestTarget(ApiKind.AutoScaling, target[AutoScaling.AutoScalingJsonApi.TargetPrefix.Length..], null);
            }

            if (target.StartsWith(CloudWatchTarget, StringComparison.Ordinal))
            {
                return new RequestTarget(ApiKind.CloudWatchJson, target[CloudWatchTarget.Length..], null);
            }

            if (target.Length == 0 && request.HasFormContentType)
            {
                return new RequestTarget(ApiKind.CloudWatchQuery, null, null);
            }
        }

        return new RequestTarget(ApiKind.Unknown, null, null);
    }

    /// <summary>Largest body worth reading to check its hash; beyond it the API would refuse the request anyway.</summary>
    public int MaxBodyBytes => Api switch
    {
        ApiKind.Runtime => RuntimeApi.MaxPayloadBytes,
        ApiKind.Turnout => 16 << 20, // ground-truth uploads; Kestrel's request limit
        _ => 1 << 20,
    };
}
