using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Alarms;
using Turnout.ControlPlane.Analysis;
using Turnout.Wire.Analysis;
using Turnout.ControlPlane.Endpoints;
using Turnout.Metrics;
using Turnout.Models.Artifacts;
using Turnout.Runtime.Capture;
using Turnout.Runtime.Routing;
using Turnout.Storage;
using Turnout.Storage.Sqlite;
using Turnout.Wire.CloudWatch;
using Turnout.Wire.Prometheus;
using Turnout.Wire.Runtime;
using Turnout.Wire.SageMaker;

namespace Turnout.Wire.Hosting;

/// <summary>Builds the Turnout server: services, Kestrel, routes, and bringing stored endpoints back.</summary>
public static class TurnoutApp
{
    public static WebApplication Build(ServerOptions options, string[]? args = null, Action<IServiceCollection>? configureServices = null)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above SageMaker's 6 MB so the runtime answers oversize payloads in its own error shape.
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        if (options.LogFormat == "text")
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        }
        else
        {
            builder.Logging.AddJsonConsole(o => { o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; o.UseUtcTimestamp = true; });
        }

        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ControlPlaneOptions { Region = options.Region, AccountId = options.AccountId });
        services.AddSingleton(_ => new SqliteControlPlaneStore(Path.Combine(dataDirectory, "turnout.db")));
        services.AddSingleton<IControlPlaneStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
        services.AddSingleton<IAlarmStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
        services.AddSingleton<IGroundTruthStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
        services.AddSingleton<EndpointObservations>();
        services.AddSingleton<CustomMetricComparison>();
        services.AddSingleton<AnalysisApi>();
        services.AddSingleton<AlarmService>();
        services.AddSingleton<RoutingRegistry>();
        // Metrics live in their own SQLite file beside turnout.db; the maintenance service flushes them (issue 5).
        services.AddSingleton(sp => new MetricsHub(sp.GetRequiredService<TimeProvider>(), new MetricsOptions { DatabasePath = Path.Combine(dataDirectory, "metrics.db") }));
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService<MetricsMaintenanceService>();
        services.AddSingleton(new ArtifactOptions { S3Root = options.S3Root, WorkDirectory = Path.Combine(dataDirectory, "artifacts") });
        services.AddHttpClient();
        services.AddSingleton(sp => new ModelArtifactLoader(
            sp.GetRequiredService<ArtifactOptions>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("artifacts")));
        services.AddSingleton<CaptureQueue>();
        services.AddSingleton<CaptureFileWriter>();
        services.AddHostedService<CaptureService>();
        services.AddSingleton<EndpointDeployer>();
        services.AddSingleton<IAlarmStates>(sp => sp.GetRequiredService<AlarmService>());
        services.AddSingleton<ModelsApi>();
        services.AddSingleton<EndpointConfigsApi>();
        services.AddSingleton<EndpointsApi>();
        services.AddSingleton<SageMakerJsonApi>();
        services.AddSingleton<RuntimeApi>();
        services.AddSingleton<CloudWatchApi>();
        services.AddSingleton<Readiness>();
        services.AddHostedService<RecoveryService>();
        services.AddHostedService<AlarmEvaluationLoop>();

        configureServices?.Invoke(services);
        var app = builder.Build();
        FrontDoor.Map(app);
        return app;
    }
}
