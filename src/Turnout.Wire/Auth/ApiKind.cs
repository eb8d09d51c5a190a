namespace Turnout.Wire.Auth;

/// <summary>Which API and wire protocol a request is for; decides the SigV4 service and the error shape.</summary>
internal enum ApiKind
{
    Unknown,
    ControlPlane,
    Runtime,
    CloudWatchQuery,
    CloudWatchJson,
    CloudWatchCbor,

    /// <summary>Turnout's own endpoint APIs under /api/endpoints/{name}/… (ground truth, reports).</summary>
    Turnout,

    /// <summary>Application Auto Scaling JSON 1.1 (X-Amz-Target: AnyScaleFrontendService.*).</summary>
    AutoScaling,
}
