using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.Metrics;
using Turnout.Tests.Metrics;
using Turnout.Wire.CloudWatch;

namespace Turnout.Tests.CloudWatch;

/// <summary>
/// A real Kestrel server on 127.0.0.1:0 serving CloudWatchApi over a MetricsHub with known invocations.
/// Routes mirror what the front router does: X-Amz-Target GraniteServiceVersion20100801.* → awsJson1_0,
/// other POST / → query, /service/GraniteServiceVersion20100801/operation/{op} → CBOR.
/// </summary>
public sealed class CloudWatchServerFixture : IAsyncLifetime
{
    public const string EndpointName = "churn-ab";
    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;

    public string Url { get; private set; } = string.Empty;

    /// <summary>Which handler served each request ("query", "json", "cbor").</summary>
    public ConcurrentQueue<string> Protocols { get; } = new();

    /// <summary>The Content-Encoding of each request ("" when none), to see botocore's gzip at work.</summary>
    public ConcurrentQueue<string> Encodings { get; } = new();

    // Variant1: 7 invocations at 10:00 (2 of them 4xx) and 5 at 10:01; Variant2: 11 at 10:00 and, in the
    // still-open minute 10:02, 3 more. Model latency for Variant1 is 100..1200 µs.
    public const double Variant1Invocations = 12;
    public const double Variant1Errors4xx = 2;
    public const double Variant2Invocations = 14;

    public async Task InitializeAsync()
    {
        var clock = new ManualTimeProvider(T0.AddSeconds(5));
        var hub = new MetricsHub(clock);
        var v1 = hub.GetVariant(EndpointName, "Variant1");
        var v2 = hub.GetVariant(EndpointName, "Variant2");
        for (var i = 0; i < 7; i++)
        {
            v1.RecordInvocation(i < 2 ? InvocationOutcome.ClientError : InvocationOutcome.Success, 100 * (i + 1), 10, 1);
        }

        for (var i = 0; i < 11; i++)
        {
            v2.RecordInvocation(InvocationOutcome.Success, 500, 20, 2);
        }

        clock.Set(T0.AddSeconds(60 + 59));
        for (var i = 0; i < 5; i++)
        {
            v1.RecordInvocation(InvocationOutcome.Success, 800 + (100 * i), 10, 1);
        }

        clock.Set(T0.AddSeconds(120 + 10));
        for (var i = 0; i < 3; i++)
        {
            v2.RecordInvocation(InvocationOutcome.Success, 500, 20, 2);
        }

        var api = new CloudWatchApi(hub, clock);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use((ctx, next) =>
        {
            Encodings.Enqueue(ctx.Request.Headers.ContentEncoding.ToString());
            return next(ctx);
        });
        _app.MapPost("/", (HttpContext ctx) =>
        {
            var target = ctx.Request.Headers["X-Amz-Target"].ToString();
            if (target.StartsWith(CloudWatchApi.ServiceId + ".", StringComparison.Ordinal))
            {
                Protocols.Enqueue("json");
                return api.HandleJson10Async(ctx, target[(CloudWatchApi.ServiceId.Length + 1)..]);
            }

            Protocols.Enqueue(CloudWatchApi.IsQueryRequest(ctx.Request) ? "query" : "other");
            return api.HandleQueryAsync(ctx);
        });
        _app.MapPost($"/service/{CloudWatchApi.ServiceId}/operation/{{op}}", (HttpContext ctx, string op) =>
        {
            Protocols.Enqueue("cbor");
            return api.HandleCborAsync(ctx, op);
        });
        await _app.StartAsync();
        Url = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
