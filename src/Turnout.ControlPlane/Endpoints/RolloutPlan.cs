using Turnout.ControlPlane.Shapes;
using Turnout.ControlPlane.Validation;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>
/// How a blue/green deployment moves traffic: the incoming fleet's share after each step, the wait
/// between steps (the last wait is the baking period), and what ends it early.
/// </summary>
public sealed record RolloutPlan(
    IReadOnlyList<double> Shares,
    TimeSpan WaitInterval,
    TimeSpan TerminationWait,
    TimeSpan? MaximumExecution,
    IReadOnlyList<string> Alarms)
{
    public static RolloutPlan AllAtOnce { get; } = new([1.0], TimeSpan.Zero, TimeSpan.Zero, null, []);

    /// <summary>Checks a DeploymentConfig against SageMaker's constraints before anything is stored.</summary>
    public static void Validate(DeploymentConfig? config)
    {
        if (config is null)
        {
            return;
        }

        if (config.RollingUpdatePolicy is not null)
        {
            throw ControlPlaneException.Validation("RollingUpdatePolicy is not supported by Turnout yet; use BlueGreenUpdatePolicy.");
        }

        var policy = Check.Required(config.BlueGreenUpdatePolicy, "DeploymentConfig.BlueGreenUpdatePolicy");
        var routing = Check.Required(policy.TrafficRoutingConfiguration, "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration");
        var type = Check.Required(routing.Type, "TrafficRoutingConfiguration.Type");
        Check.OneOf(type, "TrafficRoutingConfiguration.Type", "ALL_AT_ONCE", "CANARY", "LINEAR");
        if (routing.WaitIntervalInSeconds is not { } wait)
        {
            throw ControlPlaneException.Validation("1 validation error detected: Value null at 'trafficRoutingConfiguration.waitIntervalInSeconds' failed to satisfy constraint: Member must not be null");
        }

        Check.Range(wait, "TrafficRoutingConfiguration.WaitIntervalInSeconds", 0, 3600);
        if (policy.TerminationWaitInSeconds is { } termination) Check.Range(termination, "BlueGreenUpdatePolicy.TerminationWaitInSeconds", 0, 3600);
        if (policy.MaximumExecutionTimeoutInSeconds is { } max) Check.Range(max, "BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds", 600, 14400);
        if (type == "CANARY")
        {
            ValidateSize(Check.Required(routing.CanarySize, "TrafficRoutingConfiguration.CanarySize"), "CanarySize", 1, 50);
        }
        else if (type == "LINEAR")
        {
            ValidateSize(Check.Required(routing.LinearStepSize, "TrafficRoutingConfiguration.LinearStepSize"), "LinearStepSize", 10, 50);
        }

        if (config.AutoRollbackConfiguration?.Alarms is { } alarms)
        {
            Check.Count(alarms, "AutoRollbackConfiguration.Alarms", 1, 10);
            foreach (var alarm in alarms)
            {
                Check.Length(Check.Required(alarm.AlarmName, "AutoRollbackConfiguration.Alarms.AlarmName"), "AutoRollbackConfiguration.Alarms.AlarmName", 1, 255);
            }
        }
    }

    /// <summary>The plan for moving traffic to <paramref name="incoming"/>; <paramref name="config"/> was validated.</summary>
    public static RolloutPlan From(DeploymentConfig? config, IReadOnlyList<VariantState> incoming)
    {
        var policy = config?.BlueGreenUpdatePolicy;
        var routing = policy?.TrafficRoutingConfiguration;
        if (policy is null || routing is null)
        {
            return AllAtOnce;
        }

        var instances = Math.Max(1, incoming.Sum(v => Math.Max(1, v.DesiredInstanceCount)));
        var shares = routing.Type switch
        {
            "CANARY" => [Math.Min(0.5, Share(routing.CanarySize!, instances)), 1.0],
            "LINEAR" => Steps(Math.Min(0.5, Share(routing.LinearStepSize!, instances))),
            _ => new List<double> { 1.0 },
        };
        return new RolloutPlan(
            shares,
            TimeSpan.FromSeconds(routing.WaitIntervalInSeconds ?? 0),
            TimeSpan.FromSeconds(policy.TerminationWaitInSeconds ?? 0),
            policy.MaximumExecutionTimeoutInSeconds is { } max ? TimeSpan.FromSeconds(max) : null,
            [.. config?.AutoRollbackConfiguration?.Alarms?.Select(a => a.AlarmName!) ?? []]);
    }

    private static double Share(CapacitySize size, int instances) =>
        size.Type == "INSTANCE_COUNT" ? (double)size.Value!.Value / instances : size.Value!.Value / 100.0;

    private static List<double> Steps(double step)
    {
        var shares = new List<double>();
        for (var share = step; share < 1 - 1e-9; share += step)
        {
            shares.Add(Math.Round(share, 6));
        }

        shares.Add(1.0);
        return shares;
    }

    private static void ValidateSize(CapacitySize size, string member, int minPercent, int maxPercent)
    {
        var type = Check.Required(size.Type, member + ".Type");
        Check.OneOf(type, member + ".Type", "INSTANCE_COUNT", "CAPACITY_PERCENT");
        if (size.Value is not { } value)
        {
            throw ControlPlaneException.Validation($"{member}.Value is required.");
        }

        Check.Range(value, member + ".Value", 1, int.MaxValue);
        if (type == "CAPACITY_PERCENT")
        {
            Check.Range(value, member + ".Value", minPercent, maxPercent);
        }
    }
}
