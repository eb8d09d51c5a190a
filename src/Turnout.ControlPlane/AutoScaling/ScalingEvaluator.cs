using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.Alarms;
using Turnout.ControlPlane.Endpoints;
using Turnout.ControlPlane.Shapes;
using Turnout.Metrics;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane.AutoScaling;

/// <summary>
/// One evaluation of every scalable target: keep the capacity inside [min, max], run its target-tracking
/// policies on InvocationsPerInstance (or a custom metric) and its step policies on the alarms that name
/// them, and apply a change through UpdateEndpointWeightsAndCapacities — the same validated, persisted,
/// zero-downtime path a user call takes. Each change is a scaling activity, written when it starts and when it ends.
/// </summary>
public sealed partial class ScalingEvaluator(
    AutoScalingApi api,
    IScalingStore store,
    IControlPlaneStore endpoints,
    EndpointsApi endpointsApi,
    MetricsHub metrics,
    AlarmService alarms,
    ScalingGate gate,
    AutoScalingOptions options,
    TimeProvider time,
    ILogger<ScalingEvaluator> logger)
{
    private readonly ConcurrentDictionary<string, InvocationRate> _rates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastScaleOut = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastScaleIn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastStep = new(StringComparer.Ordinal);

    /// <summary>Alarms whose AlarmActions name the policy (DescribeScalingPolicies reports them).</summary>
    public IReadOnlyList<AlarmReference> AlarmsOf(string policyArn) =>
        [.. alarms.List().Where(a => a.AlarmActions.Contains(policyArn, StringComparer.Ordinal))
            .Select(a => new AlarmReference { AlarmName = a.AlarmName, AlarmARN = a.AlarmArn })];

    /// <summary>Evaluates every target once; returns how many scaling activities it started.</summary>
    public async Task<int> EvaluateAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        var policies = api.ListPolicies();
        foreach (var target in api.ListTargets())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await EvaluateTargetAsync(target, [.. policies.Where(p => p.ResourceId == target.ResourceId)], cancellationToken).ConfigureAwait(false))
                {
                    started++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.TargetFailed(logger, target.ResourceId, e);
            }
        }

        return started;
    }

    private async Task<bool> EvaluateTargetAsync(ScalableTarget target, List<ScalingPolicy> policies, CancellationToken cancellationToken)
    {
        if (!ScalableResource.TryParse(target.ResourceId, out var resource))
        {
            return false;
        }

        var record = endpoints.GetEndpoint(resource.EndpointName);
        var variant = record is null ? null : EndpointState.Parse(record.Document).Variants.FirstOrDefault(v => v.VariantName == resource.VariantName);
        var now = time.GetUtcNow();
        // The rate is sampled every evaluation, also while the endpoint is busy, so it is ready when it is not.
        var rate = variant is null ? null : _rates.GetOrAdd(target.ResourceId, _ => new InvocationRate())
            .Observe(now, metrics.GetVariant(resource.EndpointName, resource.VariantName).TotalInvocations, options.MetricWindow);
        if (record is null || variant is null || record.Status != EndpointStatus.InService)
        {
            return false;
        }

        var current = variant.DesiredInstanceCount;
        var decision = Bounds(target, current) ?? Decide(target, policies, current, rate, now);
        if (decision is not { } change || change.Capacity == current)
        {
            return false;
        }

        await ApplyAsync(target, resource, current, change, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static (int Capacity, string Cause, string? Policy)? Bounds(ScalableTarget target, int current) =>
        current < target.MinCapacity ? (target.MinCapacity, $"minimum capacity was set to {target.MinCapacity}", null)
        : current > target.MaxCapacity ? (target.MaxCapacity, $"maximum capacity was set to {target.MaxCapacity}", null)
        : null;

    /// <summary>
    /// Several policies on one target: scale out if any wants to (to the largest capacity asked), scale in
    /// only if every target-tracking policy wants to (to the largest of their capacities), as AWS combines them.
    /// </summary>
    private (int Capacity, string Cause, string? Policy)? Decide(ScalableTarget target, List<ScalingPolicy> policies, int current, double? rate, DateTimeOffset now)
    {
        var suspendedOut = target.SuspendedState.DynamicScalingOutSuspended == true;
        var suspendedIn = target.SuspendedState.DynamicScalingInSuspended == true;
        (int Capacity, string Cause, string? Policy)? scaleOut = null;
        (int Capacity, string Cause, string? Policy)? scaleIn = null;
        var trackingCount = 0;
        var trackingIn = 0;
        foreach (var policy in policies)
        {
            if (policy.TargetTrackingScalingPolicyConfiguration is { } tracking)
            {
                trackingCount++;
                var (metric, metricName) = TrackedMetric(tracking, target, current, rate, now);
                if (metric is not { } value)
                {
                    continue;
                }

                var wanted = ScalingMath.TargetTracking(
                    current, value, tracking.TargetValue!.Value, target.MinCapacity, target.MaxCapacity,
                    TimeSpan.FromSeconds(tracking.ScaleOutCooldown ?? AutoScalingApi.DefaultCooldownSeconds),
                    TimeSpan.FromSeconds(tracking.ScaleInCooldown ?? AutoScalingApi.DefaultCooldownSeconds),
                    tracking.DisableScaleIn == true,
                    _lastScaleOut.TryGetValue(target.ResourceId, out var lastOut) ? lastOut : null,
                    _lastScaleIn.TryGetValue(target.ResourceId, out var lastIn) ? lastIn : null,
                    now, suspendedOut, suspendedIn);
                if (wanted is not { } capacity)
                {
                    continue;
                }

                var cause = $"target tracking policy {policy.PolicyName}: {metricName} was {Format(value)}, {(capacity > current ? "above" : "below")} the target {Format(tracking.TargetValue!.Value)} at {current} instance(s)";
                if (capacity > current && (scaleOut is null || capacity > scaleOut.Value.Capacity))
                {
                    scaleOut = (capacity, cause, policy.PolicyName);
                }
                else if (capacity < current)
                {
                    trackingIn++;
                    if (scaleIn is null || capacity > scaleIn.Value.Capacity)
                    {
                        scaleIn = (capacity, cause, policy.PolicyName);
                    }
                }
            }
            else if (policy.StepScalingPolicyConfiguration is { } step && Step(target, policy, step, current, now, suspendedOut, suspendedIn) is { } stepped)
            {
                if (stepped.Capacity > current && (scaleOut is null || stepped.Capacity > scaleOut.Value.Capacity))
                {
                    scaleOut = stepped;
                }
                else if (stepped.Capacity < current && trackingCount == 0 && scaleIn is null)
                {
                    scaleIn = stepped;
                }
            }
        }

        if (scaleOut is not null)
        {
            return scaleOut;
        }

        // A step scale-in stands alone; a target-tracking scale-in needs every tracking policy to agree.
        var trackingPolicies = policies.Count(p => p.TargetTrackingScalingPolicyConfiguration is not null);
        return scaleIn is { Policy: not null } && (trackingIn == trackingPolicies || trackingPolicies == 0) ? scaleIn : null;
    }

    private (double? Value, string Name) TrackedMetric(TargetTrackingScalingPolicyConfiguration tracking, ScalableTarget target, int current, double? rate, DateTimeOffset now)
    {
        if (tracking.CustomizedMetricSpecification is not { } custom)
        {
            return (rate / Math.Max(1, current), "SageMakerVariantInvocationsPerInstance");
        }

        // The latest one-minute datapoint (the open minute included) of the custom metric.
        var points = metrics.GetStatistics(new MetricStatisticsQuery(
            custom.Namespace!, custom.MetricName!, [.. (custom.Dimensions ?? []).Select(d => new MetricDimension(d.Name!, d.Value!))],
            now - options.MetricWindow - TimeSpan.FromMinutes(1), now.AddSeconds(1), 60, StatisticNames.Flag(custom.Statistic!), custom.Unit));
        return (points.Count == 0 ? null : StatisticNames.Of(points[^1], custom.Statistic!), $"{custom.Namespace}/{custom.MetricName} ({custom.Statistic})");
    }

    private (int Capacity, string Cause, string? Policy)? Step(ScalableTarget target, ScalingPolicy policy, StepScalingPolicyConfiguration step, int current, DateTimeOffset now, bool suspendedOut, bool suspendedIn)
    {
        var alarm = alarms.List().FirstOrDefault(a => a.StateValue == AlarmState.Alarm && a.AlarmActions.Contains(policy.PolicyARN, StringComparer.Ordinal));
        if (alarm is null || ScalingMath.Within(_lastStep.TryGetValue(policy.PolicyARN, out var last) ? last : null, TimeSpan.FromSeconds(step.Cooldown ?? AutoScalingApi.DefaultCooldownSeconds), now))
        {
            return null;
        }

        // A state set by SetAlarmState has no datapoint to measure the breach by; it counts as at the threshold.
        var points = metrics.GetStatistics(new MetricStatisticsQuery(
            alarm.Namespace, alarm.MetricName, [.. alarm.Dimensions.Select(d => new MetricDimension(d.Name, d.Value))],
            now.AddSeconds(-alarm.Period), now.AddSeconds(1), alarm.Period, StatisticNames.Flag(alarm.Statistic), alarm.Unit));
        var value = points.Count == 0 ? null : StatisticNames.Of(points[^1], alarm.Statistic);
        var breach = (value ?? alarm.Threshold) - alarm.Threshold;
        if (ScalingMath.PickStep(step.StepAdjustments!, breach) is not { } chosen)
        {
            return null;
        }

        var wanted = ScalingMath.Clamp(ScalingMath.StepCapacity(current, step.AdjustmentType!, chosen.ScalingAdjustment!.Value, step.MinAdjustmentMagnitude), target.MinCapacity, target.MaxCapacity);
        if ((wanted > current && suspendedOut) || (wanted < current && suspendedIn) || wanted == current)
        {
            return null;
        }

        _lastStep[policy.PolicyARN] = now;
        return (wanted, $"monitor alarm {alarm.AlarmName} in state ALARM triggered policy {policy.PolicyName}", policy.PolicyName);
    }

    private async Task ApplyAsync(ScalableTarget target, ScalableResource resource, int current, (int Capacity, string Cause, string? Policy) change, CancellationToken cancellationToken)
    {
        if (!gate.TryBeginApply(target.ResourceId))
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            var activity = new ScalingActivity
            {
                ActivityId = Guid.NewGuid().ToString(),
                ServiceNamespace = ScalableResource.Namespace,
                ResourceId = target.ResourceId,
                ScalableDimension = ScalableResource.Dimension,
                Description = $"Setting desired instance count to {change.Capacity}.",
                Cause = $"{now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture)} {change.Cause}",
                StartTime = now,
                StatusCode = "InProgress",
                Details = $"{{\"previousCapacity\":{current},\"desiredCapacity\":{change.Capacity},\"minCapacity\":{target.MinCapacity},\"maxCapacity\":{target.MaxCapacity}}}",
            };
            Save(activity);
            Log.Scaling(logger, target.ResourceId, current, change.Capacity, change.Cause);
            if (change.Capacity > current)
            {
                _lastScaleOut[target.ResourceId] = now;
            }
            else
            {
                _lastScaleIn[target.ResourceId] = now;
            }

            string status, message;
            try
            {
                endpointsApi.UpdateWeightsAndCapacities(new UpdateEndpointWeightsAndCapacitiesInput
                {
                    EndpointName = resource.EndpointName,
                    DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = resource.VariantName, DesiredInstanceCount = change.Capacity }],
                });
                (status, message) = await AwaitAppliedAsync(resource, change.Capacity, cancellationToken).ConfigureAwait(false);
            }
            catch (ControlPlaneException e)
            {
                (status, message) = ("Failed", $"Failed to set desired instance count to {change.Capacity}. Reason: {e.Message}");
            }

            // The change is applied: release the target before the outcome is visible, so a client that sees
            // the activity Successful can deregister at once instead of meeting ConcurrentUpdateException.
            gate.EndApply(target.ResourceId);
            activity.StatusCode = status;
            activity.StatusMessage = message;
            activity.EndTime = time.GetUtcNow();
            Save(activity);
        }
        finally
        {
            gate.EndApply(target.ResourceId);
        }
    }

    /// <summary>Waits, bounded, until the endpoint is back InService with the new count live.</summary>
    private async Task<(string Status, string Message)> AwaitAppliedAsync(ScalableResource resource, int capacity, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.ApplyTimeout;
        while (true)
        {
            var record = endpoints.GetEndpoint(resource.EndpointName);
            if (record is null)
            {
                return ("Failed", $"Failed to set desired instance count to {capacity}. Reason: the endpoint {resource.EndpointName} was deleted.");
            }

            if (record.Status == EndpointStatus.InService)
            {
                var variant = EndpointState.Parse(record.Document).Variants.FirstOrDefault(v => v.VariantName == resource.VariantName);
                return variant?.CurrentInstanceCount == capacity
                    ? ("Successful", $"Successfully set desired instance count to {capacity}. Change successfully fulfilled by sagemaker.")
                    : ("Failed", $"Failed to set desired instance count to {capacity}. Reason: the endpoint runs {variant?.CurrentInstanceCount} instance(s) after the update.");
            }

            if (record.Status is EndpointStatus.Failed or EndpointStatus.Deleting)
            {
                return ("Failed", $"Failed to set desired instance count to {capacity}. Reason: endpoint status {record.Status}: {record.FailureReason}");
            }

            if (time.GetUtcNow() > deadline)
            {
                return ("Failed", $"Failed to set desired instance count to {capacity}. Reason: the endpoint was still {record.Status} after {options.ApplyTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Save(ScalingActivity activity) =>
        store.UpsertScalingActivity(new ScalingActivityRecord(activity.ActivityId, activity.ServiceNamespace, activity.ResourceId, activity.ScalableDimension,
            activity.StartTime, JsonSerializer.Serialize(activity, WireJson.Options)));

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Auto scaling {Resource}: {From} -> {To} instance(s): {Cause}")]
        public static partial void Scaling(ILogger logger, string resource, int from, int to, string cause);

        [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Auto scaling evaluation of {Resource} failed")]
        public static partial void TargetFailed(ILogger logger, string resource, Exception exception);
    }
}
