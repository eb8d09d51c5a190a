using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Alarms;
using Turnout.ControlPlane.AutoScaling;
using Turnout.ControlPlane.Analysis;
using Turnout.Wire.Analysis;
using Turnout.ControlPlane.Endpoints;
using Turnout.Metrics;
using Turnout.Models.Artifacts;
using Turnout.Runtime.Capture;
using Turnout.Runtime.Routing;
using Turnout.Storage;
using Turnout.Wire.Auth;
using Turnout.Wire.AutoScaling;
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
        ArgumentNullException.ThrowIfNull(options);

        // Auth: refuse an unauthenticated non-loopback binding and unusable TLS before touching anything (SECURITY.md).
        BindingPolicy.Check(options.Urls, options.CredentialsFile is not null, options.InsecureNoAuth);
        var certificate = TlsCertificate.Load(options);

        Turnout.ControlPlane.Instances.InstanceCatalog instances;
        try
        {
            instances = Turnout.ControlPlane.Instances.InstanceCatalog.Load(options.InstanceCatalogFile);
        }
        catch (InvalidDataException e)
        {
            throw new StartupRefusedException($"--instance-catalog: {e.Message}", e);
        }

        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [] });
        builder.WebHost.UseUrls(options.Urls);
        if (certificate is not null)
        {
            // The slim builder leaves out Kestrel's https:// URL support; TLS needs it back.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Above SageMaker's 6 MB so the runtime answers oversize payloads in its own error shape.
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            if (certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            }
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
        KestrelTuning.Apply(builder);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(instances);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ControlPlaneOptions { Region = options.Region, AccountId = options.AccountId });
        services.AddTurnoutStore(options, dataDirectory);
        services.AddSingleton<EndpointObservations>();
        services.AddSingleton<CustomMetricComparison>();
        services.AddSingleton<AnalysisApi>();
        services.AddSingleton<AlarmService>();
        services.AddSingleton<RoutingRegistry>();
        services.AddSingleton(sp => new MetricsHub(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MetricsOptions>()));
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
        services.AddSingleton(new Turnout.Runtime.Overload.OverloadOptions { MaxQueuePerInstance = options.MaxQueuePerInstance, ModelTimeout = options.ModelTimeout });
        services.AddSingleton<Turnout.Runtime.Overload.OverloadStats>();
        services.AddHostedService<WatchdogService>();
        services.AddSingleton<CloudWatchApi>();
        services.AddSingleton<Readiness>();
        services.AddHostedService<RecoveryService>();
        services.AddHostedService<AlarmEvaluationLoop>();
        services.AddAutoScaling(Path.Combine(dataDirectory, "turnout.db"),
            new AutoScalingOptions { Interval = options.AutoScalingInterval, MetricWindow = options.AutoScalingMetricWindow });

        if (options.CredentialsFile is { } credentialsFile)
        {
            services.AddSingleton(sp => new CredentialStore(credentialsFile, options.CredentialsPollInterval, sp.GetRequiredService<ILogger<CredentialStore>>()));
        }

        Cluster.ClusterHosting.AddClusterIfShared(services, options);
        configureServices?.Invoke(services);
        var app = builder.Build();
        Turnout.Ui.Dashboard.UseTurnoutDashboard(app); // static files only, before auth: data calls are signed (SECURITY.md)
        MetricsTokenMiddleware.Use(app, options.MetricsToken);
        UseAuthentication(app, options, certificate);

        // Resolved once: a service parameter would open a DI scope for every invocation (bench/README.md).
        InvocationPath.Use(app, app.Services.GetRequiredService<RuntimeApi>());
        app.UseRouting();
        FrontDoor.Map(app);
        Cluster.ClusterHosting.MapClusterIfShared(app, options);
        return app;
    }

    /// <summary>SigV4 in front of every API when --credentials is given; otherwise says how exposed Turnout is.</summary>
    private static void UseAuthentication(WebApplication app, ServerOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Turnout.Auth");
        if (certificate is not null)
        {
            AuthStartupLog.Tls(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime(), options.TlsCertificateFile!);
        }

        if (options.CredentialsFile is null)
        {
            if (BindingPolicy.NonLoopback(options.Urls).Count == 0)
            {
                AuthStartupLog.LoopbackOnly(logger, options.Urls);
            }
            else
            {
                AuthStartupLog.InsecureNoAuth(logger, options.Urls);
            }

            return;
        }

        try
        {
            // Resolving loads the file now: a server must not start with keys it could not read.
            app.Services.GetRequiredService<CredentialStore>();
        }
        catch (CredentialsFileException e)
        {
            throw new StartupRefusedException($"Credentials file {Path.GetFullPath(options.CredentialsFile)} is not usable: {e.Message}", e);
        }

        app.UseMiddleware<SigV4Middleware>();
    }
}
