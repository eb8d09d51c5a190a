using Turnout.ControlPlane.AutoScaling;

namespace Turnout.Tests.AutoScaling;

public sealed class ScalingMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1, 250, 100, 3)]     // ceil(2.5)
    [InlineData(2, 100, 100, 2)]     // at the target: unchanged
    [InlineData(4, 50, 100, 2)]      // half the load: half the instances
    [InlineData(3, 100.0 / 3, 100, 1)] // exact proportion must not round up by float error
    [InlineData(3, 34, 100, 2)]      // ceil(1.02): rounding up keeps the metric at or below the target
    [InlineData(5, 0, 100, 0)]       // no traffic asks for nothing; bounds then decide
    public void Target_tracking_capacity_is_ceil_of_current_times_metric_over_target(int current, double metric, double target, int expected) =>
        Assert.Equal(expected, ScalingMath.TargetTrackingCapacity(current, metric, target));

    [Fact]
    public void Target_tracking_respects_min_and_max()
    {
        Assert.Equal(4, ScalingMath.TargetTracking(1, 1000, 100, 1, 4, TimeSpan.Zero, TimeSpan.Zero, false, null, null, Now));
        Assert.Equal(2, ScalingMath.TargetTracking(4, 0, 100, 2, 4, TimeSpan.Zero, TimeSpan.Zero, false, null, null, Now));
        Assert.Null(ScalingMath.TargetTracking(4, 1000, 100, 1, 4, TimeSpan.Zero, TimeSpan.Zero, false, null, null, Now));
    }

    [Fact]
    public void Scale_out_waits_for_the_scale_out_cooldown()
    {
        Assert.Null(ScalingMath.TargetTracking(2, 300, 100, 1, 10, FiveMinutes, FiveMinutes, false, Now.AddMinutes(-4), null, Now));
        Assert.Equal(6, ScalingMath.TargetTracking(2, 300, 100, 1, 10, FiveMinutes, FiveMinutes, false, Now.AddMinutes(-5), null, Now));
        // A recent scale-in does not hold back a scale-out.
        Assert.Equal(6, ScalingMath.TargetTracking(2, 300, 100, 1, 10, FiveMinutes, FiveMinutes, false, null, Now.AddSeconds(-1), Now));
    }

    [Fact]
    public void Scale_in_waits_for_the_scale_in_cooldown_and_never_happens_when_disabled()
    {
        Assert.Null(ScalingMath.TargetTracking(4, 10, 100, 1, 10, FiveMinutes, FiveMinutes, false, null, Now.AddMinutes(-1), Now));
        Assert.Equal(1, ScalingMath.TargetTracking(4, 10, 100, 1, 10, FiveMinutes, FiveMinutes, false, null, Now.AddMinutes(-6), Now));
        Assert.Null(ScalingMath.TargetTracking(4, 10, 100, 1, 10, FiveMinutes, FiveMinutes, true, null, null, Now));
        // Scale-in protection does not stop scaling out.
        Assert.Equal(8, ScalingMath.TargetTracking(4, 200, 100, 1, 10, FiveMinutes, FiveMinutes, true, null, null, Now));
    }

    [Fact]
    public void Suspended_directions_do_not_scale()
    {
        Assert.Null(ScalingMath.TargetTracking(1, 500, 100, 1, 10, TimeSpan.Zero, TimeSpan.Zero, false, null, null, Now, scaleOutSuspended: true));
        Assert.Null(ScalingMath.TargetTracking(5, 10, 100, 1, 10, TimeSpan.Zero, TimeSpan.Zero, false, null, null, Now, scaleInSuspended: true));
    }

    [Fact]
    public void Step_intervals_are_lower_inclusive_upper_exclusive()
    {
        List<StepAdjustment> steps =
        [
            new() { MetricIntervalLowerBound = 0, MetricIntervalUpperBound = 10, ScalingAdjustment = 1 },
            new() { MetricIntervalLowerBound = 10, ScalingAdjustment = 3 },
        ];
        Assert.Equal(1, ScalingMath.PickStep(steps, 0)!.ScalingAdjustment);
        Assert.Equal(1, ScalingMath.PickStep(steps, 9.99)!.ScalingAdjustment);
        Assert.Equal(3, ScalingMath.PickStep(steps, 10)!.ScalingAdjustment);
        Assert.Null(ScalingMath.PickStep(steps, -1));

        List<StepAdjustment> scaleIn = [new() { MetricIntervalUpperBound = 0, ScalingAdjustment = -1 }];
        Assert.Equal(-1, ScalingMath.PickStep(scaleIn, -5)!.ScalingAdjustment);
        Assert.Equal(-1, ScalingMath.PickStep(scaleIn, 0)!.ScalingAdjustment); // at the threshold (e.g. SetAlarmState)
    }

    [Theory]
    [InlineData(4, "ChangeInCapacity", 2, null, 6)]
    [InlineData(4, "ChangeInCapacity", -3, null, 1)]
    [InlineData(4, "ExactCapacity", 7, null, 7)]
    [InlineData(4, "PercentChangeInCapacity", 50, null, 6)]
    [InlineData(4, "PercentChangeInCapacity", 10, null, 5)]   // 0.4 rounds away from zero to one instance
    [InlineData(10, "PercentChangeInCapacity", 25, null, 12)] // 2.5 truncates to 2
    [InlineData(10, "PercentChangeInCapacity", 10, 3, 13)]    // MinAdjustmentMagnitude
    [InlineData(10, "PercentChangeInCapacity", -25, null, 8)]
    public void Step_capacity(int current, string type, int adjustment, int? magnitude, int expected) =>
        Assert.Equal(expected, ScalingMath.StepCapacity(current, type, adjustment, magnitude));

    [Fact]
    public void Invocation_rate_is_per_minute_over_the_window()
    {
        var rate = new InvocationRate();
        var window = TimeSpan.FromSeconds(10);
        Assert.Null(rate.Observe(Now, 0, window));
        Assert.Null(rate.Observe(Now.AddSeconds(2), 10, window)); // less than half a window of history
        Assert.Equal(600, rate.Observe(Now.AddSeconds(10), 100, window)!.Value, 6); // 100 in 10 s
        Assert.Equal(600, rate.Observe(Now.AddSeconds(20), 200, window)!.Value, 6);
        Assert.Equal(0, rate.Observe(Now.AddSeconds(30), 200, window)!.Value, 6);
    }
}
