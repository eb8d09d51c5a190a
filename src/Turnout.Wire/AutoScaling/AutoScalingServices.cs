using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Turnout.ControlPlane.AutoScaling;
using Turnout.Storage;
using Turnout.Storage.Sqlite;

namespace Turnout.Wire.AutoScaling;

/// <summary>The auto scaling API, its store (SQLite in turnout.db unless --store registered PostgreSQL first) and its evaluation loop.</summary>
public static class AutoScalingServices
{
    public static IServiceCollection AddAutoScaling(this IServiceCollection services, string controlPlaneDatabase, AutoScalingOptions options)
    {
        services.AddSingleton(options);
        services.TryAddSingleton<IScalingStore>(_ => new SqliteScalingStore(controlPlaneDatabase));
        services.AddSingleton<ScalingGate>();
        services.AddSingleton<AutoScalingApi>();
        services.AddSingleton<ScalingEvaluator>();
        services.AddSingleton<AutoScalingJsonApi>();
        services.AddHostedService<AutoScalingLoop>();
        return services;
    }
}
