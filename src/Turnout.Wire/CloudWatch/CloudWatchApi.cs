using Microsoft.AspNetCore.Http;
using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch;

// Temporary stand-in until the CloudWatch protocols land.
public sealed class CloudWatchApi(MetricsHub hub, TimeProvider time)
{
    public Task HandleQueryAsync(HttpContext context) { _ = (hub, time); context.Response.StatusCode = 501; return Task.CompletedTask; }
    public Task HandleJson10Async(HttpContext context, string operation) { context.Response.StatusCode = 501; return Task.CompletedTask; }
    public Task HandleCborAsync(HttpContext context, string operation) { context.Response.StatusCode = 501; return Task.CompletedTask; }
}
