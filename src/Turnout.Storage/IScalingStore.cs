using Turnout.Storage.Records;

namespace Turnout.Storage;

/// <summary>
/// Durable Application Auto Scaling state: scalable targets, their scaling policies and the scaling
/// activities they caused. Documents are JSON owned by the control plane; each call is one committed transaction.
/// A target is identified by (service namespace, resource id, scalable dimension).
/// </summary>
public interface IScalingStore
{
    void UpsertScalableTarget(ScalableTargetRecord target);

    IReadOnlyList<ScalableTargetRecord> ListScalableTargets();

    /// <summary>Deletes the target and its policies; false when there was no such target.</summary>
    bool DeleteScalableTarget(string serviceNamespace, string resourceId, string scalableDimension);

    void UpsertScalingPolicy(ScalingPolicyRecord policy);

    IReadOnlyList<ScalingPolicyRecord> ListScalingPolicies();

    bool DeleteScalingPolicy(string serviceNamespace, string resourceId, string scalableDimension, string policyName);

    /// <summary>Inserts an activity, or replaces the one with the same id (an activity is written when it starts and again when it ends).</summary>
    void UpsertScalingActivity(ScalingActivityRecord activity);

    /// <summary>Activities newest first, optionally for one resource and dimension; at most <paramref name="limit"/>.</summary>
    IReadOnlyList<ScalingActivityRecord> ListScalingActivities(string serviceNamespace, string? resourceId, string? scalableDimension, int limit);
}
