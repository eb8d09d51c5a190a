using System.Text.Json;
using Turnout.Tests.Support;
using static Turnout.Tests.AutoScaling.AutoScalingClient;

namespace Turnout.Tests.AutoScaling;

/// <summary>Every Application Auto Scaling operation and its errors, over the wire against a real in-process server.</summary>
public sealed class AutoScalingApiTests
{
    [Fact]
    public async Task Register_describe_update_and_deregister_a_variant()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "reg");
        var (status, body) = await server.CallAsync("RegisterScalableTarget", new
        {
            ServiceNamespace = "sagemaker", ResourceId = Resource("reg"), ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 4,
        });
        Assert.Equal(200, status);
        var arn = body.GetProperty("ScalableTargetARN").GetString()!;
        Assert.StartsWith("arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target/", arn, StringComparison.Ordinal);

        // Updating without bounds keeps them; SuspendedState changes only what it names.
        (status, _) = await server.CallAsync("RegisterScalableTarget", new
        {
            ServiceNamespace = "sagemaker", ResourceId = Resource("reg"), ScalableDimension = Dimension, SuspendedState = new { DynamicScalingInSuspended = true },
        });
        Assert.Equal(200, status);
        (status, body) = await server.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker" });
        Assert.Equal(200, status);
        var target = Assert.Single(body.GetProperty("ScalableTargets").EnumerateArray());
        Assert.Equal(Resource("reg"), target.GetProperty("ResourceId").GetString());
        Assert.Equal(1, target.GetProperty("MinCapacity").GetInt32());
        Assert.Equal(4, target.GetProperty("MaxCapacity").GetInt32());
        Assert.Equal(arn, target.GetProperty("ScalableTargetARN").GetString());
        Assert.True(target.GetProperty("SuspendedState").GetProperty("DynamicScalingInSuspended").GetBoolean());
        Assert.False(target.GetProperty("SuspendedState").GetProperty("DynamicScalingOutSuspended").GetBoolean());
        Assert.Equal(JsonValueKind.Number, target.GetProperty("CreationTime").ValueKind);

        (status, body) = await server.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker", ResourceIds = new[] { Resource("other") } });
        Assert.Empty(body.GetProperty("ScalableTargets").EnumerateArray());

        (status, _) = await server.CallAsync("DeregisterScalableTarget", new { ServiceNamespace = "sagemaker", ResourceId = Resource("reg"), ScalableDimension = Dimension });
        Assert.Equal(200, status);
        (status, body) = await server.CallAsync("DeregisterScalableTarget", new { ServiceNamespace = "sagemaker", ResourceId = Resource("reg"), ScalableDimension = Dimension });
        AssertError(status, body, "ObjectNotFoundException", "No scalable target found for service namespace: sagemaker, resource ID: endpoint/reg/variant/Variant1");
    }

    [Fact]
    public async Task Register_refuses_bad_input_in_the_services_error_shape()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "bad");
        async Task Expect(object input, string code, string part)
        {
            var (status, body) = await server.CallAsync("RegisterScalableTarget", input);
            AssertError(status, body, code, part);
        }

        await Expect(new { ResourceId = Resource("bad"), ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "Value null at 'serviceNamespace'");
        await Expect(new { ServiceNamespace = "nope", ResourceId = Resource("bad"), ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "Member must satisfy enum value set");
        await Expect(new { ServiceNamespace = "ecs", ResourceId = "service/c/s", ScalableDimension = "ecs:service:DesiredCount", MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "ServiceNamespace sagemaker");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = "endpoint/bad", ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "endpoint/<endpoint-name>/variant/<variant-name>");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("bad"), ScalableDimension = "ecs:service:DesiredCount", MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "Unsupported scalable dimension");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("bad"), ScalableDimension = Dimension }, "ValidationException", "MinCapacity and MaxCapacity are required");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("bad"), ScalableDimension = Dimension, MinCapacity = 3, MaxCapacity = 2 }, "ValidationException", "Minimum capacity cannot be greater than maximum capacity");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("bad"), ScalableDimension = Dimension, MinCapacity = 0, MaxCapacity = 2 }, "ValidationException", "at least 1 instance");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("missing"), ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "Could not find endpoint");
        await Expect(new { ServiceNamespace = "sagemaker", ResourceId = Resource("bad", "Variant9"), ScalableDimension = Dimension, MinCapacity = 1, MaxCapacity = 2 }, "ValidationException", "Variant9");
        await Expect("{\"ServiceNamespace\": 5}", "SerializationException", "RegisterScalableTarget");

        var (status, body) = await server.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker", MaxResults = 51 });
        AssertError(status, body, "ValidationException", "less than or equal to 50");
        (status, body) = await server.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker", NextToken = "garbage" });
        AssertError(status, body, "InvalidNextTokenException");
        (status, body) = await server.CallAsync("TagResource", new { });
        AssertError(status, body, "UnknownOperationException", "AnyScaleFrontendService.TagResource");
    }

    [Fact]
    public async Task Policies_put_describe_replace_and_delete()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "pol");
        var policy = new
        {
            PolicyName = "ipi", ServiceNamespace = "sagemaker", ResourceId = Resource("pol"), ScalableDimension = Dimension, PolicyType = "TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration = new
            {
                TargetValue = 70.0, PredefinedMetricSpecification = new { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" },
                ScaleInCooldown = 600, ScaleOutCooldown = 60,
            },
        };
        var (status, body) = await server.CallAsync("PutScalingPolicy", policy);
        AssertError(status, body, "ObjectNotFoundException", "No scalable target registered for service namespace: sagemaker, resource ID: endpoint/pol/variant/Variant1");

        await server.RegisterAsync("pol", 1, 3);
        (status, body) = await server.CallAsync("PutScalingPolicy", policy);
        Assert.Equal(200, status);
        var arn = body.GetProperty("PolicyARN").GetString()!;
        Assert.Matches("^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]{36}:resource/sagemaker/endpoint/pol/variant/Variant1:policyName/ipi$", arn);
        Assert.Empty(body.GetProperty("Alarms").EnumerateArray());

        (status, body) = await server.CallAsync("PutScalingPolicy", new
        {
            PolicyName = "step", ServiceNamespace = "sagemaker", ResourceId = Resource("pol"), ScalableDimension = Dimension, PolicyType = "StepScaling",
            StepScalingPolicyConfiguration = new
            {
                AdjustmentType = "ChangeInCapacity", Cooldown = 30, MetricAggregationType = "Average",
                StepAdjustments = new[] { new { MetricIntervalLowerBound = 0.0, ScalingAdjustment = 1 } },
            },
        });
        Assert.Equal(200, status);
        var stepArn = body.GetProperty("PolicyARN").GetString()!;

        // Putting the same name again replaces the configuration and keeps the ARN.
        (status, body) = await server.CallAsync("PutScalingPolicy", new
        {
            policy.PolicyName, policy.ServiceNamespace, policy.ResourceId, policy.ScalableDimension, policy.PolicyType,
            TargetTrackingScalingPolicyConfiguration = new
            {
                TargetValue = 90.0, DisableScaleIn = true,
                CustomizedMetricSpecification = new
                {
                    MetricName = "ModelLatency", Namespace = "AWS/SageMaker", Statistic = "Average",
                    Dimensions = new[] { new { Name = "EndpointName", Value = "pol" }, new { Name = "VariantName", Value = "Variant1" } },
                },
            },
        });
        Assert.Equal(200, status);
        Assert.Equal(arn, body.GetProperty("PolicyARN").GetString());

        (status, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker", ResourceId = Resource("pol") });
        Assert.Equal(200, status);
        var policies = body.GetProperty("ScalingPolicies").EnumerateArray().ToList();
        Assert.Equal(["ipi", "step"], policies.Select(p => p.GetProperty("PolicyName").GetString()));
        var tracking = policies[0].GetProperty("TargetTrackingScalingPolicyConfiguration");
        Assert.Equal(90.0, tracking.GetProperty("TargetValue").GetDouble());
        Assert.True(tracking.GetProperty("DisableScaleIn").GetBoolean());
        Assert.Equal("ModelLatency", tracking.GetProperty("CustomizedMetricSpecification").GetProperty("MetricName").GetString());
        Assert.Equal(stepArn, policies[1].GetProperty("PolicyARN").GetString());
        Assert.Equal("StepScaling", policies[1].GetProperty("PolicyType").GetString());

        (status, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker", PolicyNames = new[] { "step" }, MaxResults = 1 });
        Assert.Equal("step", Assert.Single(body.GetProperty("ScalingPolicies").EnumerateArray()).GetProperty("PolicyName").GetString());

        (status, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker", MaxResults = 1 });
        var next = body.GetProperty("NextToken").GetString();
        (status, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker", MaxResults = 1, NextToken = next });
        Assert.Equal("step", Assert.Single(body.GetProperty("ScalingPolicies").EnumerateArray()).GetProperty("PolicyName").GetString());
        Assert.False(body.TryGetProperty("NextToken", out _));

        (status, _) = await server.CallAsync("DeleteScalingPolicy", new { PolicyName = "step", ServiceNamespace = "sagemaker", ResourceId = Resource("pol"), ScalableDimension = Dimension });
        Assert.Equal(200, status);
        (status, body) = await server.CallAsync("DeleteScalingPolicy", new { PolicyName = "step", ServiceNamespace = "sagemaker", ResourceId = Resource("pol"), ScalableDimension = Dimension });
        AssertError(status, body, "ObjectNotFoundException", "No scaling policy found for service namespace: sagemaker, resource ID: endpoint/pol/variant/Variant1, scalable dimension: sagemaker:variant:DesiredInstanceCount, policy name: step");

        // Deregistering a target deletes its policies too.
        (status, _) = await server.CallAsync("DeregisterScalableTarget", new { ServiceNamespace = "sagemaker", ResourceId = Resource("pol"), ScalableDimension = Dimension });
        Assert.Equal(200, status);
        (status, body) = await server.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker" });
        Assert.Empty(body.GetProperty("ScalingPolicies").EnumerateArray());
    }

    [Fact]
    public async Task Policy_validation()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "val");
        await server.RegisterAsync("val", 1, 3);
        async Task Expect(string type, object? tracking, object? step, string part, string? name = "p")
        {
            var (status, body) = await server.CallAsync("PutScalingPolicy", new
            {
                PolicyName = name, ServiceNamespace = "sagemaker", ResourceId = Resource("val"), ScalableDimension = Dimension, PolicyType = type,
                TargetTrackingScalingPolicyConfiguration = tracking, StepScalingPolicyConfiguration = step,
            });
            AssertError(status, body, "ValidationException", part);
        }

        var predefined = new { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" };
        await Expect("TargetTrackingScaling", null, null, "TargetTrackingScalingPolicyConfiguration is required");
        await Expect("TargetTrackingScaling", new { PredefinedMetricSpecification = predefined }, null, "targetTrackingScalingPolicyConfiguration.targetValue");
        await Expect("TargetTrackingScaling", new { TargetValue = 0.0, PredefinedMetricSpecification = predefined }, null, "must be between");
        await Expect("TargetTrackingScaling", new { TargetValue = 10.0 }, null, "Either PredefinedMetricSpecification or CustomizedMetricSpecification");
        await Expect("TargetTrackingScaling", new { TargetValue = 10.0, PredefinedMetricSpecification = new { PredefinedMetricType = "ECSServiceAverageCPUUtilization" } }, null, "SageMakerVariantInvocationsPerInstance");
        await Expect("TargetTrackingScaling", new { TargetValue = 10.0, PredefinedMetricSpecification = predefined, ScaleInCooldown = -1 }, null, "caleInCooldown");
        await Expect("TargetTrackingScaling", new { TargetValue = 10.0, CustomizedMetricSpecification = new { MetricName = "m", Namespace = "n", Statistic = "p99" } }, null, "enum value set");
        await Expect("StepScaling", null, null, "StepScalingPolicyConfiguration is required");
        await Expect("StepScaling", null, new { StepAdjustments = new[] { new { ScalingAdjustment = 1 } } }, "djustmentType");
        await Expect("StepScaling", null, new { AdjustmentType = "ChangeInCapacity" }, "at least one step adjustment");
        await Expect("StepScaling", null, new { AdjustmentType = "ChangeInCapacity", MinAdjustmentMagnitude = 2, StepAdjustments = new[] { new { ScalingAdjustment = 1 } } }, "PercentChangeInCapacity");
        await Expect("StepScaling", null, new
        {
            AdjustmentType = "ChangeInCapacity",
            StepAdjustments = new object[] { new { MetricIntervalLowerBound = 0.0, MetricIntervalUpperBound = 20.0, ScalingAdjustment = 1 }, new { MetricIntervalLowerBound = 10.0, ScalingAdjustment = 2 } },
        }, "must not overlap");
        await Expect("PredictiveScaling", null, null, "not supported");
        await Expect("Magic", null, null, "enum value set");
        await Expect("StepScaling", null, null, "Value null at 'policyName'", name: null);
    }

    [Fact]
    public async Task Describe_scaling_activities_validates_and_is_empty_before_any_scaling()
    {
        await using var server = await InProcessServer.StartAsync();
        var (status, body) = await server.CallAsync("DescribeScalingActivities", new { ServiceNamespace = "sagemaker" });
        Assert.Equal(200, status);
        Assert.Empty(body.GetProperty("ScalingActivities").EnumerateArray());
        (status, body) = await server.CallAsync("DescribeScalingActivities", new { ServiceNamespace = "sagemaker", ScalableDimension = "rds:cluster:ReadReplicaCount" });
        AssertError(status, body, "ValidationException", "Unsupported scalable dimension");
        (status, body) = await server.CallAsync("DescribeScalingActivities", new { });
        AssertError(status, body, "ValidationException", "Value null at 'serviceNamespace'");
    }

    [Fact]
    public async Task Targets_and_policies_survive_a_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "turnout-tests", Guid.NewGuid().ToString("N"));
        await using (var first = await InProcessServer.StartAsync(dataDirectory))
        {
            await ChurnEndpoint.CreateAsync(first, "keep");
            await first.RegisterAsync("keep", 1, 5);
            var (status, _) = await first.CallAsync("PutScalingPolicy", new
            {
                PolicyName = "ipi", ServiceNamespace = "sagemaker", ResourceId = Resource("keep"), ScalableDimension = Dimension, PolicyType = "TargetTrackingScaling",
                TargetTrackingScalingPolicyConfiguration = new { TargetValue = 50.0, PredefinedMetricSpecification = new { PredefinedMetricType = "SageMakerVariantInvocationsPerInstance" } },
            });
            Assert.Equal(200, status);
        }

        await using var second = await InProcessServer.StartAsync(dataDirectory);
        var (_, targets) = await second.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker" });
        Assert.Equal(5, Assert.Single(targets.GetProperty("ScalableTargets").EnumerateArray()).GetProperty("MaxCapacity").GetInt32());
        var (_, policies) = await second.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker" });
        Assert.Equal(50.0, Assert.Single(policies.GetProperty("ScalingPolicies").EnumerateArray())
            .GetProperty("TargetTrackingScalingPolicyConfiguration").GetProperty("TargetValue").GetDouble());
    }
}
