using Turnout.Cluster.Nodes;
using Turnout.Cluster.Placement;

namespace Turnout.Tests.Cluster;

public sealed class PlacementPlannerTests
{
    private static readonly ClusterNode A = new("a", "http://a", 4);
    private static readonly ClusterNode B = new("b", "http://b", 4);
    private static readonly ClusterNode C = new("c", "http://c", 4);

    [Fact]
    public void InstancesOfOneVariantGoToDifferentNodes()
    {
        var plan = PlacementPlanner.Plan([A, B, C], [new("e", "v", 3)], PlacementPlan.Empty);
        Assert.Equal(["a", "b", "c"], plan.Instances[("e", "v")]);
    }

    [Fact]
    public void SameInputsGiveTheSamePlanInAnyOrder()
    {
        VariantDemand[] demands = [new("e1", "v1", 2), new("e1", "v2", 1), new("e2", "v1", 3), new("e3", "x", 1)];
        var one = PlacementPlanner.Plan([A, B, C], demands, PlacementPlan.Empty);
        var two = PlacementPlanner.Plan([C, A, B], [.. demands.Reverse()], PlacementPlan.Empty);
        Assert.True(one.SameAs(two));
        Assert.Equal(7, one.Instances.Values.Sum(n => n.Length));
    }

    [Fact]
    public void BiggerNodesTakeMoreAndNoNodeIsOverfilledWhileAnyHasRoom()
    {
        var big = new ClusterNode("big", "http://big", 6);
        var small = new ClusterNode("small", "http://small", 2);
        VariantDemand[] demands = [new("e", "v1", 2), new("e", "v2", 2), new("e", "v3", 2), new("e", "v4", 2)];
        var plan = PlacementPlanner.Plan([big, small], demands, PlacementPlan.Empty);
        Assert.Equal(6, plan.Load("big"));
        Assert.Equal(2, plan.Load("small"));
    }

    [Fact]
    public void WhenEveryNodeIsFullInstancesAreStillPlacedByRelativeFill()
    {
        var plan = PlacementPlanner.Plan([new ClusterNode("a", "http://a", 1), new ClusterNode("b", "http://b", 3)], [new("e", "v", 8)], PlacementPlan.Empty);
        Assert.Equal(8, plan.Instances[("e", "v")].Length);
        Assert.Equal(2, plan.Load("a"));
        Assert.Equal(6, plan.Load("b"));
    }

    [Fact]
    public void ANodeFailureMovesOnlyItsInstances()
    {
        VariantDemand[] demands = [new("e", "v1", 2), new("e", "v2", 2), new("f", "w", 1)];
        var before = PlacementPlanner.Plan([A, B, C], demands, PlacementPlan.Empty);
        var after = PlacementPlanner.Plan([A, C], demands, before);
        foreach (var (key, nodes) in before.Instances)
        {
            var survivors = nodes.Where(n => n != "b").ToList();
            var now = after.Instances[key];
            Assert.Equal(nodes.Length, now.Length);
            Assert.DoesNotContain("b", now);
            foreach (var kept in survivors)
            {
                Assert.Contains(kept, now);
            }
        }

        // And a stable cluster re-plans to the very same plan.
        Assert.True(after.SameAs(PlacementPlanner.Plan([A, C], demands, after)));
    }

    [Fact]
    public void ScalingInKeepsInstancesWhereTheyAre()
    {
        var three = PlacementPlanner.Plan([A, B, C], [new("e", "v", 3)], PlacementPlan.Empty);
        var two = PlacementPlanner.Plan([A, B, C], [new("e", "v", 2)], three);
        Assert.Equal(2, two.Instances[("e", "v")].Length);
        Assert.All(two.Instances[("e", "v")], n => Assert.Contains(n, three.Instances[("e", "v")]));
    }

    [Fact]
    public void NoNodesOrNoDemandGivesAnEmptyPlan()
    {
        Assert.Empty(PlacementPlanner.Plan([], [new("e", "v", 1)], PlacementPlan.Empty).Instances);
        Assert.Empty(PlacementPlanner.Plan([A], [new("e", "v", 0)], PlacementPlan.Empty).Instances);
    }

    [Fact]
    public void TheViewForwardsOnlyVariantsHostedElsewhere()
    {
        var plan = new PlacementPlan(new Dictionary<(string, string), string[]>
        {
            [("e", "here")] = ["a", "b"],
            [("e", "there")] = ["b", "c"],
            [("e", "gone")] = ["d"],
        });
        var view = new ClusterView("a");
        view.Publish(plan, [A, B, C], "a", 1);
        Assert.False(view.TryGetRemotes("e", "here", out _));
        Assert.True(view.TryGetRemotes("e", "there", out var remotes));
        Assert.Equal(["b", "c"], remotes.Select(r => r.Id).Order());
        Assert.False(view.TryGetRemotes("e", "gone", out _)); // its host is not healthy: served here
        Assert.False(view.TryGetRemotes("e", "unplaced", out _));
        Assert.False(view.TryGetRemotes("other", "there", out _));

        // An endpoint not loaded here yet is answered by any healthy node hosting one of its variants.
        Assert.True(view.TryGetEndpointHosts("e", out var hosts));
        Assert.Equal(["b", "c"], hosts.Select(r => r.Id).Order());
        Assert.False(view.TryGetEndpointHosts("other", out _));
    }
}
