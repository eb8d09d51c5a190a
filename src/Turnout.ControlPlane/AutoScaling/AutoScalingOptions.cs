namespace Turnout.ControlPlane.AutoScaling;

/// <summary>How often scaling policies are evaluated and over what span the invocation rate is measured.</summary>
public sealed record AutoScalingOptions
{
    /// <summary>Between evaluations (<c>--autoscaling-interval</c>); AWS evaluates on 1-minute metrics.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The span InvocationsPerInstance is measured over (<c>--autoscaling-metric-window</c>), reported per minute.</summary>
    public TimeSpan MetricWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a scaling activity may wait for the endpoint to apply the new instance count before it is Failed.</summary>
    public TimeSpan ApplyTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
