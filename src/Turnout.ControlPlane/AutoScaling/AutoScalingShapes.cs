using System.Text.Json;

namespace Turnout.ControlPlane.AutoScaling;

// Application Auto Scaling's JSON 1.1 shapes (botocore application-autoscaling 2016-02-06), the members Turnout reads or writes.

public class ScalableTargetKey
{
    public string? ServiceNamespace { get; set; }
    public string? ResourceId { get; set; }
    public string? ScalableDimension { get; set; }
}

public sealed class RegisterScalableTargetInput : ScalableTargetKey
{
    public int? MinCapacity { get; set; }
    public int? MaxCapacity { get; set; }
    public string? RoleARN { get; set; }
    public SuspendedState? SuspendedState { get; set; }
    public Dictionary<string, string>? Tags { get; set; }
}

public sealed class RegisterScalableTargetOutput
{
    public string? ScalableTargetARN { get; set; }
}

public sealed class SuspendedState
{
    public bool? DynamicScalingInSuspended { get; set; }
    public bool? DynamicScalingOutSuspended { get; set; }
    public bool? ScheduledScalingSuspended { get; set; }
}

public sealed class ScalableTarget
{
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public int MinCapacity { get; set; }
    public int MaxCapacity { get; set; }
    public required string RoleARN { get; set; }
    public DateTimeOffset CreationTime { get; set; }
    public SuspendedState SuspendedState { get; set; } = new() { DynamicScalingInSuspended = false, DynamicScalingOutSuspended = false, ScheduledScalingSuspended = false };
    public string? ScalableTargetARN { get; set; }
}

public sealed class DescribeScalableTargetsInput
{
    public string? ServiceNamespace { get; set; }
    public List<string>? ResourceIds { get; set; }
    public string? ScalableDimension { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

public sealed class DescribeScalableTargetsOutput
{
    public List<ScalableTarget> ScalableTargets { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class PutScalingPolicyInput : ScalableTargetKey
{
    public string? PolicyName { get; set; }
    public string? PolicyType { get; set; }
    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; set; }
    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
    public JsonElement? PredictiveScalingPolicyConfiguration { get; set; }
}

public sealed class PutScalingPolicyOutput
{
    public required string PolicyARN { get; set; }
    public List<AlarmReference> Alarms { get; set; } = [];
}

public sealed class AlarmReference
{
    public required string AlarmName { get; set; }
    public required string AlarmARN { get; set; }
}

public sealed class TargetTrackingScalingPolicyConfiguration
{
    public double? TargetValue { get; set; }
    public PredefinedMetricSpecification? PredefinedMetricSpecification { get; set; }
    public CustomizedMetricSpecification? CustomizedMetricSpecification { get; set; }
    public int? ScaleOutCooldown { get; set; }
    public int? ScaleInCooldown { get; set; }
    public bool? DisableScaleIn { get; set; }
}

public sealed class PredefinedMetricSpecification
{
    public string? PredefinedMetricType { get; set; }
    public string? ResourceLabel { get; set; }
}

public sealed class CustomizedMetricSpecification
{
    public string? MetricName { get; set; }
    public string? Namespace { get; set; }
    public List<ScalingMetricDimension>? Dimensions { get; set; }
    public string? Statistic { get; set; }
    public string? Unit { get; set; }
    public JsonElement? Metrics { get; set; }
}

public sealed class ScalingMetricDimension
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed class StepScalingPolicyConfiguration
{
    public string? AdjustmentType { get; set; }
    public List<StepAdjustment>? StepAdjustments { get; set; }
    public int? MinAdjustmentMagnitude { get; set; }
    public int? Cooldown { get; set; }
    public string? MetricAggregationType { get; set; }
}

public sealed class StepAdjustment
{
    public double? MetricIntervalLowerBound { get; set; }
    public double? MetricIntervalUpperBound { get; set; }
    public int? ScalingAdjustment { get; set; }
}

public sealed class ScalingPolicy
{
    public required string PolicyARN { get; set; }
    public required string PolicyName { get; set; }
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public required string PolicyType { get; set; }
    public StepScalingPolicyConfiguration? StepScalingPolicyConfiguration { get; set; }
    public TargetTrackingScalingPolicyConfiguration? TargetTrackingScalingPolicyConfiguration { get; set; }
    public List<AlarmReference> Alarms { get; set; } = [];
    public DateTimeOffset CreationTime { get; set; }
}

public sealed class DescribeScalingPoliciesInput
{
    public List<string>? PolicyNames { get; set; }
    public string? ServiceNamespace { get; set; }
    public string? ResourceId { get; set; }
    public string? ScalableDimension { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
}

public sealed class DescribeScalingPoliciesOutput
{
    public List<ScalingPolicy> ScalingPolicies { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class DeleteScalingPolicyInput : ScalableTargetKey
{
    public string? PolicyName { get; set; }
}

public sealed class DescribeScalingActivitiesInput
{
    public string? ServiceNamespace { get; set; }
    public string? ResourceId { get; set; }
    public string? ScalableDimension { get; set; }
    public int? MaxResults { get; set; }
    public string? NextToken { get; set; }
    public bool? IncludeNotScaledActivities { get; set; }
}

public sealed class DescribeScalingActivitiesOutput
{
    public List<ScalingActivity> ScalingActivities { get; set; } = [];
    public string? NextToken { get; set; }
}

public sealed class ScalingActivity
{
    public required string ActivityId { get; set; }
    public required string ServiceNamespace { get; set; }
    public required string ResourceId { get; set; }
    public required string ScalableDimension { get; set; }
    public required string Description { get; set; }
    public required string Cause { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public required string StatusCode { get; set; }
    public string? StatusMessage { get; set; }
    public string? Details { get; set; }
}
