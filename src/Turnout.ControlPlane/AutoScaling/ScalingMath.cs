namespace Turnout.ControlPlane.AutoScaling;

/// <summary>
/// The arithmetic of Application Auto Scaling, free of clocks and I/O so it can be tested exactly.
/// Target tracking keeps metric/instance at the target: desired = ceil(current × metric / target), rounded
/// up so that scaling in never overshoots below the target. Step scaling picks the step whose interval holds
/// (metric − threshold) and applies its adjustment.
/// </summary>
public static class ScalingMath
{
    // A metric exactly proportional to the capacity must not round up one instance because of float error.
    private const double Epsilon = 1e-9;

    /// <summary>The capacity that brings the metric to the target, before bounds.</summary>
    public static int TargetTrackingCapacity(int current, double metric, double target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        if (metric <= 0 || current <= 0)
        {
            return 0;
        }

        var exact = current * metric / target;
        return exact >= int.MaxValue ? int.MaxValue : (int)Math.Ceiling(exact - Epsilon);
    }

    public static int Clamp(int capacity, int min, int max) => Math.Min(max, Math.Max(min, capacity));

    /// <summary>
    /// What one target-tracking policy wants now: a new capacity, or null to leave it. Scale-out waits
    /// for ScaleOutCooldown since the last scale-out; scale-in waits for ScaleInCooldown since the last
    /// scale-in and never happens when DisableScaleIn is set (AWS's rules).
    /// </summary>
    public static int? TargetTracking(
        int current, double metric, double target, int min, int max,
        TimeSpan scaleOutCooldown, TimeSpan scaleInCooldown, bool disableScaleIn,
        DateTimeOffset? lastScaleOut, DateTimeOffset? lastScaleIn, DateTimeOffset now,
        bool scaleOutSuspended = false, bool scaleInSuspended = false)
    {
        var desired = Clamp(TargetTrackingCapacity(current, metric, target), min, max);
        if (desired > current)
        {
            return scaleOutSuspended || Within(lastScaleOut, scaleOutCooldown, now) ? null : desired;
        }

        if (desired < current)
        {
            if (disableScaleIn || scaleInSuspended || Within(lastScaleIn, scaleInCooldown, now))
            {
                return null;
            }

            return desired;
        }

        return null;
    }

    /// <summary>The step adjustment whose interval [lower, upper) holds <paramref name="breach"/> (metric − threshold); null bounds are infinite.</summary>
    public static StepAdjustment? PickStep(IReadOnlyList<StepAdjustment> steps, double breach)
    {
        foreach (var step in steps)
        {
            var lower = step.MetricIntervalLowerBound ?? double.NegativeInfinity;
            var upper = step.MetricIntervalUpperBound ?? double.PositiveInfinity;
            if (breach >= lower && breach < upper)
            {
                return step;
            }
        }

        // An upper bound of 0 is inclusive at the boundary for scale-in steps (metric exactly at the threshold).
        foreach (var step in steps)
        {
            if (step.MetricIntervalUpperBound is { } upper && breach == upper && (step.MetricIntervalLowerBound ?? double.NegativeInfinity) <= breach)
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>
    /// The capacity a step adjustment asks for, before bounds. PercentChangeInCapacity truncates toward
    /// zero but moves at least one instance (and at least MinAdjustmentMagnitude), as AWS does.
    /// </summary>
    public static int StepCapacity(int current, string adjustmentType, int adjustment, int? minAdjustmentMagnitude)
    {
        switch (adjustmentType)
        {
            case "ExactCapacity":
                return adjustment;
            case "PercentChangeInCapacity":
                var change = current * adjustment / 100.0;
                var whole = (int)Math.Truncate(change);
                if (whole == 0 && change != 0)
                {
                    whole = Math.Sign(change);
                }

                if (minAdjustmentMagnitude is { } magnitude && Math.Abs(whole) < magnitude && whole != 0)
                {
                    whole = Math.Sign(whole) * magnitude;
                }

                return current + whole;
            default:
                return current + adjustment;
        }
    }

    public static bool Within(DateTimeOffset? last, TimeSpan cooldown, DateTimeOffset now) =>
        last is { } at && now - at < cooldown;
}
