using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Turnout.Wire.Analysis;
using Turnout.Wire.AutoScaling;
using Turnout.Wire.CloudWatch;
using Turnout.Wire.Prometheus;
using Turnout.Wire.Runtime;
using Turnout.Wire.SageMaker;

namespace Turnout.Wire.Hosting;

/// <summary>
/// One port for every API. With <c>--endpoint-url</c> all AWS clients post to the same URL, so requests
/// are told apart the way the spec lays out: X-Amz-Target for JSON protocols, the invocations path for
/// the runtime, a form body for CloudWatch query, the rpc-v2-cbor path for current CloudWatch clients.
/// </summary>
public static class FrontDoor
{
    private const string CloudWatchTarget = "GraniteServiceVersion20100801.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", (Readiness readiness) => readiness.IsReady ? Results.Ok() : Results.StatusCode(503));

        // Prometheus scrape (issue 5): reads aggregated metrics only.
        app.MapGet("/metrics", (HttpContext context, PrometheusExporter exporter) => exporter.HandleAsync(context));

        // POST /endpoints/{EndpointName}/invocations is served ahead of routing: InvocationPath.

        app.MapPost("/service/GraniteServiceVersion20100801/operation/{operation}",
            (HttpContext context, string operation, CloudWatchApi cloudWatch) => cloudWatch.HandleCborAsync(context, operation));

        app.MapPost("/", (HttpContext context) => DispatchRootAsync(context));

        app.MapPost("/api/endpoints/{endpointName}/ground-truth",
            (HttpContext context, string endpointName, AnalysisApi analysis) => analysis.PostGroundTruthAsync(context, endpointName));
        app.MapGet("/api/endpoints/{endpointName}/metric-comparison",
            (HttpContext context, string endpointName, AnalysisApi analysis) => analysis.GetMetricComparisonAsync(context, endpointName));
        app.MapGet("/api/endpoints/{endpointName}/report",
            (HttpContext context, string endpointName, AnalysisApi analysis) => analysis.GetReportAsync(context, endpointName));
    }

    private static Task DispatchRootAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.StartsWith(SageMakerJsonApi.TargetPrefix, StringComparison.Ordinal))
        {
            return services.GetRequiredService<SageMakerJsonApi>().HandleAsync(context, target);
        }

        if (target.StartsWith(AutoScalingJsonApi.TargetPrefix, StringComparison.Ordinal))
        {
            return services.GetRequiredService<AutoScalingJsonApi>().HandleAsync(context, target);
        }

        if (target.StartsWith(CloudWatchTarget, StringComparison.Ordinal))
        {
            return services.GetRequiredService<CloudWatchApi>().HandleJson10Async(context, target[CloudWatchTarget.Length..]);
        }

        if (target.Length == 0 && context.Request.HasFormContentType)
        {
            return services.GetRequiredService<CloudWatchApi>().HandleQueryAsync(context);
        }

        return UnknownAsync(context, target);
    }

    private static async Task UnknownAsync(HttpContext context, string target)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/x-amz-json-1.1";
        var message = target.Length == 0
            ? "Turnout could not tell which API this request is for: send X-Amz-Target (SageMaker.<Op>), a CloudWatch query form, or POST /endpoints/<name>/invocations."
            : $"Turnout does not serve the API of X-Amz-Target \"{target}\". It serves SageMaker, SageMaker runtime, CloudWatch and Application Auto Scaling.";
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["__type"] = "UnknownOperationException", ["message"] = message }).ConfigureAwait(false);
    }
}
