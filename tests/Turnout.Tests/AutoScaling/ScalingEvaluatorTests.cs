using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Alarms;
using Turnout.ControlPlane.AutoScaling;
using Turnout.Metrics;
using Turnout.Storage;
using Turnout.Tests.Metrics;
using Turnout.Tests.Support;
using static Turnout.Tests.AutoScaling.AutoScalingClient;

namespace Turnout.Tests.AutoScaling;

/// <summary>
/// The evaluator against a real server and endpoint, on a clock the test moves: real invocations make the
/// rate, scaling goes through UpdateEndpointWeightsAndCapacities, activities and DescribeEndpoint show it.
/// </summary>
public sealed class ScalingEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(InProcessServer Server, ScalingEvaluator Evaluator, ManualTimeProvider Clock)> StartAsync(string endpoint)
    {
        // The server's own loop is pushed out of the way; the test drives evaluations.
        var server = await InProcessServer.StartAsync(configureOptions: o => o with { AutoScalingInterval = TimeSpan.FromHours(1) });
        await ChurnEndpoint.CreateAsync(server, endpoint);
        var clock = new ManualTimeProvider(T0);
        var s = server.Services;
        var evaluator = new ScalingEvaluator(
            s.GetRequiredService<AutoScalingApi>(), s.GetRequiredService<IScalingStore>(), s.GetRequiredService<IControlPlaneStore>(),
            s.GetRequiredService<EndpointsApi>(), s.GetRequiredService<MetricsHub>(), s.GetRequiredService<AlarmService>(),
            s.GetRequiredService<ScalingGate>(), new AutoScalingOptions { MetricWindow = TimeSpan.FromSeconds(60) }, clock, NullLogger<ScalingEvaluator>.Instance);
        return (server, evaluator, clock);
    }

    private static async Task InvokeAsync(InProcessServer server, string endpoint, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(ChurnEndpoint.Rows[i % ChurnEndpoint.Rows.Length])),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
            request.Headers.Add("X-Amzn-SageMaker-Target-Variant", "Variant1");
            using var response = await server.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
    }

    private static async Task<(int Desired, int Current)> Variant1Async(InProcessServer server, string endpoint)
    {
        var (_, body) = await server.SageMakerAsync("DescribeEndpoint", new { EndpointName = endpoint });
        var variant = body.GetProperty("ProductionVariants").EnumerateArray().Single(v => v.GetProperty("VariantName").GetString() == "Variant1");
        return (variant.GetProperty("DesiredInstanceCount").GetInt32(), variant.GetProperty("CurrentInstanceCount").GetInt32());
    }

    private static async Task<List<JsonElement>> ActivitiesAsync(InProcessServer server, string endpoint)
    {
        var (_, body) = await server.CallAsync("DescribeScalingActivities", new { ServiceNamespace = "sagemaker", ResourceId = Resource(endpoint) });
        return [.. body.GetProperty("ScalingActivities").EnumerateArray()];
    }

    private static async Task PutTrackingAsync(InProcessServer server, string endpoint, double target, int scaleInCooldown, bool disableScaleIn = false)
    {
        var (status, body) = await server.CallAsync("PutScalingPolicy", new
        {
            PolicyName = "ipi", ServiceNamespace = "sagemaker", ResourceId = Resource(endpoint), ScalableDimension = Dimension, PolicyType = "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration = new
            {
                TargetValue = target, PredefinedMetricSpecification = new { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" },
                ScaleOutCooldown = 0, ScaleInCooldown = scaleInCooldown, DisableScaleIn = disableScaleIn,
            },
        });
        Assert.True(status == 200, body.ToString());
    }

    [Fact]
    public async Task Target_tracking_scales_out_on_invocations_per_instance_and_back_in_after_the_cooldown()
    {
        var (server, evaluator, clock) = await StartAsync("tt");
        await using var owned = server;
        await server.RegisterAsync("tt", 1, 4);
        await PutTrackingAsync(server, "tt", target: 40, scaleInCooldown: 120);

        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None)); // the first sample is the baseline
        await InvokeAsync(server, "tt", 100);
        clock.Advance(TimeSpan.FromSeconds(60));
        // 100 invocations a minute on 1 instance against a target of 40: ceil(100/40) = 3.
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((3, 3), await Variant1Async(server, "tt"));
        var activity = Assert.Single(await ActivitiesAsync(server, "tt"));
        Assert.Equal("Successful", activity.GetProperty("StatusCode").GetString());
        Assert.Equal("Setting desired instance count to 3.", activity.GetProperty("Description").GetString());
        Assert.Contains("target tracking policy ipi: SageMakerVariantInvocationsPerInstance was 100, above the target 40 at 1 instance(s)", activity.GetProperty("Cause").GetString(), StringComparison.Ordinal);
        Assert.Equal("Successfully set desired instance count to 3. Change successfully fulfilled by sagemaker.", activity.GetProperty("StatusMessage").GetString());
        Assert.True(activity.TryGetProperty("EndTime", out _));

        // Idle: the metric falls to 0, but scale-in waits for ScaleInCooldown (counted from the last scale-in, none yet) — so it scales in now, to the minimum.
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((1, 1), await Variant1Async(server, "tt"));

        // A second load scales out again; then the next scale-in is held by the cooldown until it has passed.
        await InvokeAsync(server, "tt", 80);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((2, 2), await Variant1Async(server, "tt"));
        clock.Advance(TimeSpan.FromSeconds(50)); // 110 s since the scale-in: still cooling down
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((1, 1), await Variant1Async(server, "tt"));

        var activities = await ActivitiesAsync(server, "tt");
        Assert.Equal(4, activities.Count);
        Assert.All(activities, a => Assert.Equal("Successful", a.GetProperty("StatusCode").GetString()));
        Assert.Equal([1, 2, 1, 3], activities.Select(a => int.Parse(a.GetProperty("Description").GetString()!.Split(' ')[^1].TrimEnd('.'), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Scale_in_protection_keeps_capacity_and_bounds_are_enforced()
    {
        var (server, evaluator, clock) = await StartAsync("prot");
        await using var owned = server;
        await server.RegisterAsync("prot", 2, 4);
        await PutTrackingAsync(server, "prot", target: 1000, scaleInCooldown: 0, disableScaleIn: true);

        // Registered with MinCapacity 2 above the variant's 1 instance: the capacity is brought up to the minimum.
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((2, 2), await Variant1Async(server, "prot"));
        Assert.EndsWith("minimum capacity was set to 2", Assert.Single(await ActivitiesAsync(server, "prot")).GetProperty("Cause").GetString(), StringComparison.Ordinal);

        // No traffic at all, far below the target: DisableScaleIn keeps both instances.
        clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((2, 2), await Variant1Async(server, "prot"));

        // Lowering MaxCapacity below the current count brings it down.
        await server.RegisterAsync("prot", 1, 1);
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((1, 1), await Variant1Async(server, "prot"));
    }

    [Fact]
    public async Task Step_scaling_follows_the_alarm_that_names_the_policy()
    {
        var (server, evaluator, clock) = await StartAsync("step");
        await using var owned = server;
        await server.RegisterAsync("step", 1, 3);
        var (status, body) = await server.CallAsync("PutScalingPolicy", new
        {
            PolicyName = "out", ServiceNamespace = "sagemaker", ResourceId = Resource("step"), ScalableDimension = Dimension, PolicyType = "StepScaling",
            StepScalingPolicyConfiguration = new
            {
                AdjustmentType = "ChangeInCapacity", Cooldown = 60,
                StepAdjustments = new[] { new { MetricIntervalLowerBound = (double?)0.0, ScalingAdjustment = 1 } },
            },
        });
        Assert.Equal(200, status);
        var policyArn = body.GetProperty("PolicyARN").GetString()!;
        var alarms = server.Services.GetRequiredService<AlarmService>();
        alarms.Put(new MetricAlarm
        {
            AlarmName = "step-busy", AlarmArn = alarms.AlarmArn("step-busy"), Namespace = "AWS/SageMaker", MetricName = "Invocations",
            Dimensions = [new AlarmDimension("EndpointName", "step"), new AlarmDimension("VariantName", "Variant1")],
            Statistic = "Sum", Period = 60, EvaluationPeriods = 1, Threshold = 10, ComparisonOperator = "GreaterThanThreshold",
            AlarmActions = [policyArn],
            AlarmConfigurationUpdatedTimestamp = T0, StateUpdatedTimestamp = T0, StateTransitionedTimestamp = T0,
        });

        // OK: nothing happens.
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        (_, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker" });
        Assert.Equal("step-busy", Assert.Single(Assert.Single(body.GetProperty("ScalingPolicies").EnumerateArray()).GetProperty("Alarms").EnumerateArray()).GetProperty("AlarmName").GetString());

        Assert.True(alarms.SetState("step-busy", AlarmState.Alarm, "drill", null));
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((2, 2), await Variant1Async(server, "step"));
        Assert.Contains("monitor alarm step-busy in state ALARM triggered policy out", Assert.Single(await ActivitiesAsync(server, "step")).GetProperty("Cause").GetString(), StringComparison.Ordinal);

        // Still in ALARM: the policy's cooldown holds the next step, then it steps again, and stops at MaxCapacity.
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((3, 3), await Variant1Async(server, "step"));
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((3, 3), await Variant1Async(server, "step"));
    }

    [Fact]
    public async Task Suspended_scale_out_does_not_scale()
    {
        var (server, evaluator, clock) = await StartAsync("susp");
        await using var owned = server;
        await server.RegisterAsync("susp", 1, 4);
        var (status, _) = await server.CallAsync("RegisterScalableTarget", new
        {
            ServiceNamespace = "sagemaker", ResourceId = Resource("susp"), ScalableDimension = Dimension, SuspendedState = new { DynamicScalingOutSuspended = true },
        });
        Assert.Equal(200, status);
        await PutTrackingAsync(server, "susp", target: 10, scaleInCooldown: 0);
        await evaluator.EvaluateAsync(CancellationToken.None);
        await InvokeAsync(server, "susp", 50);
        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, await evaluator.EvaluateAsync(CancellationToken.None));
        Assert.Equal((1, 1), await Variant1Async(server, "susp"));
        Assert.Empty(await ActivitiesAsync(server, "susp"));
    }
}
