using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Turnout.ControlPlane.Endpoints;
using Turnout.ControlPlane.Validation;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane.AutoScaling;

/// <summary>
/// Application Auto Scaling for SageMaker variants: scalable targets, scaling policies, scaling activities.
/// Every change is committed to the store before it is acknowledged; <see cref="ScalingEvaluator"/> acts on them.
/// </summary>
public sealed class AutoScalingApi(IScalingStore store, IControlPlaneStore endpoints, ControlPlaneOptions options, TimeProvider time, ScalingGate gate)
{
    private static readonly string[] Namespaces =
        ["ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces"];

    private static readonly string[] Dimensions =
    [
        "ecs:service:DesiredCount", "ec2:spot-fleet-request:TargetCapacity", "elasticmapreduce:instancegroup:InstanceCount",
        "appstream:fleet:DesiredCapacity", "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
        "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits", "rds:cluster:ReadReplicaCount",
        "sagemaker:variant:DesiredInstanceCount", "custom-resource:ResourceType:Property",
        "comprehend:document-classifier-endpoint:DesiredInferenceUnits", "comprehend:entity-recognizer-endpoint:DesiredInferenceUnits",
        "lambda:function:ProvisionedConcurrency", "cassandra:table:ReadCapacityUnits", "cassandra:table:WriteCapacityUnits",
        "kafka:broker-storage:VolumeSize", "elasticache:replication-group:NodeGroups", "elasticache:replication-group:Replicas",
        "neptune:cluster:ReadReplicaCount", "sagemaker:inference-component:DesiredCopyCount", "workspaces:workspacespool:DesiredUserSessions",
    ];

    private static readonly string[] Statistics = ["Average", "Minimum", "Maximum", "SampleCount", "Sum"];

    /// <summary>SageMaker variants scale between 1 and 1000 instances here, as UpdateEndpointWeightsAndCapacities accepts.</summary>
    public const int MaxInstances = 1000;

    /// <summary>AWS's default cooldown for SageMaker variants, in seconds.</summary>
    public const int DefaultCooldownSeconds = 300;

    public RegisterScalableTargetOutput Register(RegisterScalableTargetInput input)
    {
        var resource = Key(input);
        lock (gate.Writes)
        {
            var existing = FindTarget(resource);
            if (existing is null && (input.MinCapacity is null || input.MaxCapacity is null))
            {
                throw ControlPlaneException.Validation("MinCapacity and MaxCapacity are required for registering a new scalable target.");
            }

            var min = input.MinCapacity ?? existing!.MinCapacity;
            var max = input.MaxCapacity ?? existing!.MaxCapacity;
            if (min < 1)
            {
                throw ControlPlaneException.Validation($"Minimum capacity {min} is not valid for a SageMaker variant: it must be at least 1 instance.");
            }

            if (max > MaxInstances)
            {
                throw ControlPlaneException.Validation($"Maximum capacity {max} is more than the {MaxInstances} instances a SageMaker variant can have.");
            }

            if (min > max)
            {
                throw ControlPlaneException.Validation("Minimum capacity cannot be greater than maximum capacity");
            }

            if (existing is null)
            {
                RequireVariant(resource);
            }

            var suspended = existing?.SuspendedState ?? new SuspendedState { DynamicScalingInSuspended = false, DynamicScalingOutSuspended = false, ScheduledScalingSuspended = false };
            if (input.SuspendedState is { } change)
            {
                suspended = new SuspendedState
                {
                    DynamicScalingInSuspended = change.DynamicScalingInSuspended ?? suspended.DynamicScalingInSuspended,
                    DynamicScalingOutSuspended = change.DynamicScalingOutSuspended ?? suspended.DynamicScalingOutSuspended,
                    ScheduledScalingSuspended = change.ScheduledScalingSuspended ?? suspended.ScheduledScalingSuspended,
                };
            }

            var target = new ScalableTarget
            {
                ServiceNamespace = ScalableResource.Namespace,
                ResourceId = resource.ResourceId,
                ScalableDimension = ScalableResource.Dimension,
                MinCapacity = min,
                MaxCapacity = max,
                RoleARN = existing?.RoleARN ?? input.RoleARN ?? $"arn:aws:iam::{options.AccountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
                CreationTime = existing?.CreationTime ?? time.GetUtcNow(),
                SuspendedState = suspended,
                ScalableTargetARN = existing?.ScalableTargetARN ?? TargetArn(resource),
            };
            store.UpsertScalableTarget(new ScalableTargetRecord(target.ServiceNamespace, target.ResourceId, target.ScalableDimension, JsonSerializer.Serialize(target, WireJson.Options)));
            return new RegisterScalableTargetOutput { ScalableTargetARN = target.ScalableTargetARN };
        }
    }

    public DescribeScalableTargetsOutput DescribeTargets(DescribeScalableTargetsInput input)
    {
        RequireNamespace(input.ServiceNamespace);
        Check.Count(input.ResourceIds ?? [], "ResourceIds", 0, 50);
        Dimension(input.ScalableDimension, required: false);
        var ids = input.ResourceIds is { Count: > 0 } list ? new HashSet<string>(list, StringComparer.Ordinal) : null;
        var all = ListTargets()
            .Where(t => ids is null || ids.Contains(t.ResourceId))
            .Where(t => input.ScalableDimension is null || t.ScalableDimension == input.ScalableDimension)
            .ToList();
        var (page, next) = Page(all, input.MaxResults, input.NextToken);
        return new DescribeScalableTargetsOutput { ScalableTargets = page, NextToken = next };
    }

    public void Deregister(ScalableTargetKey input)
    {
        var resource = Key(input);
        lock (gate.Writes)
        {
            if (gate.IsApplying(resource.ResourceId))
            {
                throw new ControlPlaneException("ConcurrentUpdateException",
                    $"A scaling activity is changing the desired instance count of {resource.ResourceId} right now. Try again in a few seconds.");
            }

            if (!store.DeleteScalableTarget(ScalableResource.Namespace, resource.ResourceId, ScalableResource.Dimension))
            {
                throw NoTarget(resource, "found");
            }
        }
    }

    public PutScalingPolicyOutput PutPolicy(PutScalingPolicyInput input)
    {
        var name = Check.Required(input.PolicyName, "PolicyName");
        Check.Length(name, "PolicyName", 1, 256);
        if (name.Any(char.IsControl))
        {
            Check.Fail(name, "PolicyName", "Member must satisfy regular expression pattern: \\p{Print}+");
        }

        var resource = Key(input);
        var type = input.PolicyType ?? "StepScaling";
        Check.OneOf(type, "PolicyType", "PredictiveScaling", "StepScaling", "TargetTrackingScaling");
        switch (type)
        {
            case "TargetTrackingScaling":
                if (input.StepScalingPolicyConfiguration is not null)
                {
                    throw ControlPlaneException.Validation("StepScalingPolicyConfiguration cannot be given with PolicyType TargetTrackingScaling.");
                }

                ValidateTargetTracking(input.TargetTrackingScalingPolicyConfiguration
                    ?? throw ControlPlaneException.Validation("TargetTrackingScalingPolicyConfiguration is required for PolicyType TargetTrackingScaling."));
                break;
            case "StepScaling":
                if (input.TargetTrackingScalingPolicyConfiguration is not null)
                {
                    throw ControlPlaneException.Validation("TargetTrackingScalingPolicyConfiguration cannot be given with PolicyType StepScaling.");
                }

                ValidateStep(input.StepScalingPolicyConfiguration
                    ?? throw ControlPlaneException.Validation("StepScalingPolicyConfiguration is required for PolicyType StepScaling."));
                break;
            default:
                throw ControlPlaneException.Validation("PredictiveScaling policies are not supported by Turnout. Use TargetTrackingScaling or StepScaling.");
        }

        lock (gate.Writes)
        {
            if (FindTarget(resource) is null)
            {
                throw NoTarget(resource, "registered");
            }

            var existing = ListPolicies().FirstOrDefault(p => p.ResourceId == resource.ResourceId && p.PolicyName == name);
            var policy = new ScalingPolicy
            {
                PolicyARN = existing?.PolicyARN ?? PolicyArn(resource, name),
                PolicyName = name,
                ServiceNamespace = ScalableResource.Namespace,
                ResourceId = resource.ResourceId,
                ScalableDimension = ScalableResource.Dimension,
                PolicyType = type,
                StepScalingPolicyConfiguration = input.StepScalingPolicyConfiguration,
                TargetTrackingScalingPolicyConfiguration = input.TargetTrackingScalingPolicyConfiguration,
                CreationTime = existing?.CreationTime ?? time.GetUtcNow(),
            };
            store.UpsertScalingPolicy(new ScalingPolicyRecord(policy.ServiceNamespace, policy.ResourceId, policy.ScalableDimension, name, JsonSerializer.Serialize(policy, WireJson.Options)));

            // Target tracking runs inside Turnout without CloudWatch alarms, so there are none to report;
            // a step policy is triggered by the alarms that name its ARN in AlarmActions.
            return new PutScalingPolicyOutput { PolicyARN = policy.PolicyARN, Alarms = [] };
        }
    }

    public DescribeScalingPoliciesOutput DescribePolicies(DescribeScalingPoliciesInput input, Func<string, IReadOnlyList<AlarmReference>> alarmsOf)
    {
        RequireNamespace(input.ServiceNamespace);
        Check.Count(input.PolicyNames ?? [], "PolicyNames", 0, 50);
        Dimension(input.ScalableDimension, required: false);
        if (input.ResourceId is { } id)
        {
            Check.Length(id, "ResourceId", 1, 1600);
        }

        var names = input.PolicyNames is { Count: > 0 } list ? new HashSet<string>(list, StringComparer.Ordinal) : null;
        var all = ListPolicies()
            .Where(p => input.ResourceId is null || p.ResourceId == input.ResourceId)
            .Where(p => input.ScalableDimension is null || p.ScalableDimension == input.ScalableDimension)
            .Where(p => names is null || names.Contains(p.PolicyName))
            .ToList();
        var (page, next) = Page(all, input.MaxResults, input.NextToken);
        foreach (var policy in page)
        {
            policy.Alarms = [.. alarmsOf(policy.PolicyARN)];
        }

        return new DescribeScalingPoliciesOutput { ScalingPolicies = page, NextToken = next };
    }

    public void DeletePolicy(DeleteScalingPolicyInput input)
    {
        var name = Check.Required(input.PolicyName, "PolicyName");
        Check.Length(name, "PolicyName", 1, 1600);
        var resource = Key(input);
        lock (gate.Writes)
        {
            if (!store.DeleteScalingPolicy(ScalableResource.Namespace, resource.ResourceId, ScalableResource.Dimension, name))
            {
                throw new ControlPlaneException("ObjectNotFoundException",
                    $"No scaling policy found for service namespace: {ScalableResource.Namespace}, resource ID: {resource.ResourceId}, scalable dimension: {ScalableResource.Dimension}, policy name: {name}");
            }
        }
    }

    public DescribeScalingActivitiesOutput DescribeActivities(DescribeScalingActivitiesInput input)
    {
        RequireNamespace(input.ServiceNamespace);
        Dimension(input.ScalableDimension, required: false);
        if (input.ResourceId is { } id)
        {
            Check.Length(id, "ResourceId", 1, 1600);
        }

        // AWS keeps six weeks of activities; Turnout keeps them all and pages over the newest thousand.
        var all = store.ListScalingActivities(ScalableResource.Namespace, input.ResourceId, input.ScalableDimension, 1000)
            .Select(a => JsonSerializer.Deserialize<ScalingActivity>(a.Document, WireJson.Options)!)
            .ToList();
        var (page, next) = Page(all, input.MaxResults, input.NextToken);
        return new DescribeScalingActivitiesOutput { ScalingActivities = page, NextToken = next };
    }

    /// <summary>Registered targets as stored (the evaluator reads them too).</summary>
    public List<ScalableTarget> ListTargets() =>
        [.. store.ListScalableTargets().Where(t => t.ServiceNamespace == ScalableResource.Namespace)
            .Select(t => JsonSerializer.Deserialize<ScalableTarget>(t.Document, WireJson.Options)!)];

    public List<ScalingPolicy> ListPolicies() =>
        [.. store.ListScalingPolicies().Where(p => p.ServiceNamespace == ScalableResource.Namespace)
            .Select(p => JsonSerializer.Deserialize<ScalingPolicy>(p.Document, WireJson.Options)!)];

    private ScalableTarget? FindTarget(ScalableResource resource) =>
        ListTargets().FirstOrDefault(t => t.ResourceId == resource.ResourceId && t.ScalableDimension == ScalableResource.Dimension);

    private void RequireVariant(ScalableResource resource)
    {
        var record = endpoints.GetEndpoint(resource.EndpointName)
            ?? throw ControlPlaneException.Validation($"Could not find endpoint \"{options.EndpointArn(resource.EndpointName)}\". Create the endpoint before registering its variant {resource.VariantName} as a scalable target.");
        var state = EndpointState.Parse(record.Document);
        if (state.Variants.All(v => v.VariantName != resource.VariantName))
        {
            throw ControlPlaneException.Validation($"The variant \"{resource.VariantName}\" is not present in endpoint \"{record.Arn}\". Its variants are: {string.Join(", ", state.Variants.Select(v => v.VariantName))}.");
        }

        if (state.Variants.First(v => v.VariantName == resource.VariantName).ServerlessConfig is not null)
        {
            throw ControlPlaneException.Validation($"The variant \"{resource.VariantName}\" of endpoint \"{record.Arn}\" is serverless; only instance-based variants have a DesiredInstanceCount to scale.");
        }
    }

    private static ScalableResource Key(ScalableTargetKey input)
    {
        RequireNamespace(input.ServiceNamespace);
        var id = Check.Required(input.ResourceId, "ResourceId");
        Check.Length(id, "ResourceId", 1, 1600);
        Dimension(input.ScalableDimension, required: true);
        if (!ScalableResource.TryParse(id, out var resource))
        {
            throw ControlPlaneException.Validation($"Unsupported resource ID \"{id}\" for service namespace sagemaker: a SageMaker variant is named endpoint/<endpoint-name>/variant/<variant-name>.");
        }

        return resource;
    }

    private static void RequireNamespace(string? value)
    {
        Check.Required(value, "ServiceNamespace");
        Check.OneOf(value, "ServiceNamespace", Namespaces);
        if (value != ScalableResource.Namespace)
        {
            throw ControlPlaneException.Validation($"Turnout scales SageMaker variants only; ServiceNamespace {value} is not served here. Use ServiceNamespace sagemaker.");
        }
    }

    private static void Dimension(string? value, bool required)
    {
        if (required)
        {
            Check.Required(value, "ScalableDimension");
        }

        Check.OneOf(value, "ScalableDimension", Dimensions);
        if (value is not null && value != ScalableResource.Dimension)
        {
            throw ControlPlaneException.Validation($"Unsupported scalable dimension {value} for service namespace sagemaker: Turnout scales {ScalableResource.Dimension}.");
        }
    }

    private static void ValidateTargetTracking(TargetTrackingScalingPolicyConfiguration config)
    {
        var target = config.TargetValue ?? throw ControlPlaneException.Validation("1 validation error detected: Value null at 'targetTrackingScalingPolicyConfiguration.targetValue' failed to satisfy constraint: Member must not be null");
        if (!(target >= 8.515920e-109 && target <= 1.174271e+108))
        {
            throw ControlPlaneException.Validation($"The target value {target.ToString(CultureInfo.InvariantCulture)} must be between 8.515920e-109 and 1.174271e+108.");
        }

        if (config.ScaleInCooldown is { } scaleIn) Check.Range(scaleIn, "TargetTrackingScalingPolicyConfiguration.ScaleInCooldown", 0, 86400);
        if (config.ScaleOutCooldown is { } scaleOut) Check.Range(scaleOut, "TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown", 0, 86400);
        switch (config.PredefinedMetricSpecification, config.CustomizedMetricSpecification)
        {
            case (null, null):
                throw ControlPlaneException.Validation("Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified.");
            case (not null, not null):
                throw ControlPlaneException.Validation("Only one of PredefinedMetricSpecification or CustomizedMetricSpecification may be specified.");
            case ({ } predefined, null):
                var type = Check.Required(predefined.PredefinedMetricType, "TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType");
                if (type != "SageMakerVariantInvocationsPerInstance")
                {
                    throw ControlPlaneException.Validation($"Unsupported predefined metric type {type} for service namespace sagemaker: use SageMakerVariantInvocationsPerInstance, or a CustomizedMetricSpecification.");
                }

                break;
            case (null, { } custom):
                if (custom.Metrics is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined })
                {
                    throw ControlPlaneException.Validation("Metric math in CustomizedMetricSpecification.Metrics is not supported by Turnout. Give MetricName, Namespace, Dimensions and Statistic.");
                }

                Check.Required(custom.MetricName, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.MetricName");
                Check.Required(custom.Namespace, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Namespace");
                var statistic = Check.Required(custom.Statistic, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Statistic");
                Check.OneOf(statistic, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Statistic", Statistics);
                foreach (var dimension in custom.Dimensions ?? [])
                {
                    Check.Required(dimension.Name, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions.Name");
                    Check.Required(dimension.Value, "TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Dimensions.Value");
                }

                break;
        }
    }

    private static void ValidateStep(StepScalingPolicyConfiguration config)
    {
        var adjustment = Check.Required(config.AdjustmentType, "StepScalingPolicyConfiguration.AdjustmentType");
        Check.OneOf(adjustment, "StepScalingPolicyConfiguration.AdjustmentType", "ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity");
        Check.OneOf(config.MetricAggregationType, "StepScalingPolicyConfiguration.MetricAggregationType", "Average", "Minimum", "Maximum");
        if (config.Cooldown is { } cooldown) Check.Range(cooldown, "StepScalingPolicyConfiguration.Cooldown", 0, 86400);
        if (config.MinAdjustmentMagnitude is not null && adjustment != "PercentChangeInCapacity")
        {
            throw ControlPlaneException.Validation("MinAdjustmentMagnitude is only valid with AdjustmentType PercentChangeInCapacity.");
        }

        var steps = config.StepAdjustments;
        if (steps is not { Count: > 0 })
        {
            throw ControlPlaneException.Validation("StepAdjustments must contain at least one step adjustment.");
        }

        foreach (var step in steps)
        {
            if (step.ScalingAdjustment is null)
            {
                throw ControlPlaneException.Validation("1 validation error detected: Value null at 'stepScalingPolicyConfiguration.stepAdjustments.member.scalingAdjustment' failed to satisfy constraint: Member must not be null");
            }

            if (step.MetricIntervalLowerBound is { } lower && step.MetricIntervalUpperBound is { } upper && lower >= upper)
            {
                throw ControlPlaneException.Validation($"A step adjustment's MetricIntervalLowerBound ({lower.ToString(CultureInfo.InvariantCulture)}) must be less than its MetricIntervalUpperBound ({upper.ToString(CultureInfo.InvariantCulture)}).");
            }
        }

        var ordered = steps.OrderBy(s => s.MetricIntervalLowerBound ?? double.NegativeInfinity).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var previousUpper = ordered[i - 1].MetricIntervalUpperBound ?? double.PositiveInfinity;
            var lower = ordered[i].MetricIntervalLowerBound ?? double.NegativeInfinity;
            if (lower < previousUpper)
            {
                throw ControlPlaneException.Validation("Step adjustments must not overlap: each step's MetricIntervalLowerBound must be at or above the previous step's MetricIntervalUpperBound.");
            }
        }
    }

    private static ControlPlaneException NoTarget(ScalableResource resource, string verb) => new("ObjectNotFoundException",
        $"No scalable target {verb} for service namespace: {ScalableResource.Namespace}, resource ID: {resource.ResourceId}, scalable dimension: {ScalableResource.Dimension}");

    private static (List<T> Page, string? Next) Page<T>(List<T> all, int? maxResults, string? nextToken)
    {
        var size = maxResults ?? 50;
        if (size < 1 || size > 50)
        {
            Check.Fail(size.ToString(CultureInfo.InvariantCulture), "MaxResults", size < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 50");
        }

        var start = 0;
        if (nextToken is not null && (!int.TryParse(nextToken, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            throw new ControlPlaneException("InvalidNextTokenException", "Invalid token: pass the NextToken of the previous response unchanged.");
        }

        var page = all.Skip(start).Take(size).ToList();
        return (page, start + size < all.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null);
    }

    private string PolicyArn(ScalableResource resource, string name) =>
        $"arn:aws:autoscaling:{options.Region}:{options.AccountId}:scalingPolicy:{Guid.NewGuid()}:resource/sagemaker/{resource.ResourceId}:policyName/{name}";

    private string TargetArn(ScalableResource resource)
    {
        // Stable for a resource, 32 hex digits like AWS's scalable-target ids.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resource.ResourceId)))[..32];
        return $"arn:aws:application-autoscaling:{options.Region}:{options.AccountId}:scalable-target/{id}";
    }
}
