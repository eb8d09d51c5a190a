using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.Tests.Storage;

/// <summary>
/// What every auto scaling store must do, run against SQLite and PostgreSQL alike. Each <see cref="Open"/>
/// is a new instance on the same (per-test) database, as a restarted or second node would have.
/// </summary>
public abstract class ScalingStoreContract
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    protected abstract IScalingStore Open();

    [Fact]
    public void Targets_UpsertReplacesDocument_ListsInKeyOrder_SurviveReopen()
    {
        var store = Open();
        store.UpsertScalableTarget(new ScalableTargetRecord("sagemaker", "endpoint/e/variant/b", "sagemaker:variant:DesiredInstanceCount", "{\"max\":2}"));
        store.UpsertScalableTarget(new ScalableTargetRecord("sagemaker", "endpoint/e/variant/B", "sagemaker:variant:DesiredInstanceCount", "{\"max\":3}"));
        store.UpsertScalableTarget(new ScalableTargetRecord("sagemaker", "endpoint/e/variant/b", "sagemaker:variant:DesiredInstanceCount", "{\"max\":5}"));

        // Byte order (upper case first), the same in both stores.
        Assert.Equal(
            [
                new ScalableTargetRecord("sagemaker", "endpoint/e/variant/B", "sagemaker:variant:DesiredInstanceCount", "{\"max\":3}"),
                new ScalableTargetRecord("sagemaker", "endpoint/e/variant/b", "sagemaker:variant:DesiredInstanceCount", "{\"max\":5}"),
            ],
            Open().ListScalableTargets());
    }

    [Fact]
    public void DeleteTarget_RemovesItsPoliciesOnly_AndReportsWhetherItExisted()
    {
        var store = Open();
        const string dim = "sagemaker:variant:DesiredInstanceCount";
        store.UpsertScalableTarget(new ScalableTargetRecord("sagemaker", "endpoint/e/variant/a", dim, "{}"));
        store.UpsertScalableTarget(new ScalableTargetRecord("sagemaker", "endpoint/e/variant/b", dim, "{}"));
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "p1", "{}"));
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "p2", "{}"));
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/b", dim, "p1", "{}"));

        Assert.True(store.DeleteScalableTarget("sagemaker", "endpoint/e/variant/a", dim));
        Assert.False(store.DeleteScalableTarget("sagemaker", "endpoint/e/variant/a", dim));

        Assert.Equal("endpoint/e/variant/b", Assert.Single(store.ListScalableTargets()).ResourceId);
        var left = Assert.Single(store.ListScalingPolicies());
        Assert.Equal(("endpoint/e/variant/b", "p1"), (left.ResourceId, left.PolicyName));
    }

    [Fact]
    public void Policies_UpsertReplaces_ListInKeyOrder_DeleteReports()
    {
        var store = Open();
        const string dim = "sagemaker:variant:DesiredInstanceCount";
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "zeta", "{\"v\":1}"));
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "alpha", "{\"v\":1}"));
        store.UpsertScalingPolicy(new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "zeta", "{\"v\":2}"));

        Assert.Equal(
            [
                new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "alpha", "{\"v\":1}"),
                new ScalingPolicyRecord("sagemaker", "endpoint/e/variant/a", dim, "zeta", "{\"v\":2}"),
            ],
            Open().ListScalingPolicies());
        Assert.True(store.DeleteScalingPolicy("sagemaker", "endpoint/e/variant/a", dim, "zeta"));
        Assert.False(store.DeleteScalingPolicy("sagemaker", "endpoint/e/variant/a", dim, "zeta"));
        Assert.False(store.DeleteScalingPolicy("sagemaker", "endpoint/e/variant/b", dim, "alpha"));
        Assert.Equal("alpha", Assert.Single(store.ListScalingPolicies()).PolicyName);
    }

    [Fact]
    public void Activities_NewestFirst_FilteredAndLimited_UpsertKeepsPlace()
    {
        var store = Open();
        const string dim = "sagemaker:variant:DesiredInstanceCount";
        ScalingActivityRecord Activity(string id, string resource, long offsetMs, string doc) =>
            new(id, "sagemaker", resource, dim, T0.AddMilliseconds(offsetMs), doc);

        store.UpsertScalingActivity(Activity("a1", "endpoint/e/variant/a", 0, "{\"s\":\"InProgress\"}"));
        store.UpsertScalingActivity(Activity("a2", "endpoint/e/variant/a", 1000, "{}"));
        store.UpsertScalingActivity(Activity("b1", "endpoint/e/variant/b", 500, "{}"));
        // Same millisecond as a2: the later insert lists first.
        store.UpsertScalingActivity(Activity("a3", "endpoint/e/variant/a", 1000, "{}"));
        // Ending an activity rewrites its document, not its start time or place.
        store.UpsertScalingActivity(Activity("a1", "endpoint/e/variant/a", 0, "{\"s\":\"Successful\"}"));

        var reopened = Open();
        Assert.Equal(["a3", "a2", "b1", "a1"], reopened.ListScalingActivities("sagemaker", null, null, 10).Select(a => a.ActivityId));
        Assert.Equal(["a3", "a2"], reopened.ListScalingActivities("sagemaker", null, null, 2).Select(a => a.ActivityId));
        Assert.Equal(["a3", "a2", "a1"], reopened.ListScalingActivities("sagemaker", "endpoint/e/variant/a", dim, 10).Select(a => a.ActivityId));
        Assert.Equal(["b1"], reopened.ListScalingActivities("sagemaker", "endpoint/e/variant/b", null, 10).Select(a => a.ActivityId));
        Assert.Empty(reopened.ListScalingActivities("sagemaker", null, "other:dimension", 10));
        Assert.Empty(reopened.ListScalingActivities("ecs", null, null, 10));

        var a1 = reopened.ListScalingActivities("sagemaker", "endpoint/e/variant/a", null, 10)[^1];
        Assert.Equal(Activity("a1", "endpoint/e/variant/a", 0, "{\"s\":\"Successful\"}"), a1);
        Assert.Equal(TimeSpan.Zero, a1.StartTime.Offset);
    }
}
