using Turnout.Cluster.Nodes;

namespace Turnout.Cluster.Placement;

/// <summary>
/// Spreads instances over healthy nodes. Deterministic (the same inputs give the same plan on any node),
/// capacity-aware (an instance goes to the node with the most free capacity), spread (instances of one
/// variant go to different nodes while there are any) and sticky (an instance stays where it is while its
/// node is healthy and not over capacity, so a node failure moves only that node's instances).
/// </summary>
public static class PlacementPlanner
{
    public static PlacementPlan Plan(IReadOnlyList<ClusterNode> healthyNodes, IReadOnlyList<VariantDemand> demands, PlacementPlan previous)
    {
        var nodes = healthyNodes.OrderBy(n => n.Id, StringComparer.Ordinal).ToArray();
        var result = new Dictionary<(string, string), string[]>();
        if (nodes.Length == 0)
        {
            return new PlacementPlan(result);
        }

        var load = nodes.ToDictionary(n => n.Id, _ => 0, StringComparer.Ordinal);
        var capacity = nodes.ToDictionary(n => n.Id, n => Math.Max(1, n.Capacity), StringComparer.Ordinal);
        var ordered = demands.Where(d => d.InstanceCount > 0)
            .OrderBy(d => d.Endpoint, StringComparer.Ordinal).ThenBy(d => d.Variant, StringComparer.Ordinal).ToArray();

        // Keep what may stay first, so the later choice sees the real free capacity of every node.
        var kept = new List<string>[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var demand = ordered[i];
            kept[i] = [];
            if (!previous.Instances.TryGetValue((demand.Endpoint, demand.Variant), out var before))
            {
                continue;
            }

            foreach (var node in before)
            {
                if (kept[i].Count < demand.InstanceCount && load.TryGetValue(node, out var l) && l < capacity[node])
                {
                    kept[i].Add(node);
                    load[node] = l + 1;
                }
            }
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            var demand = ordered[i];
            var placed = kept[i];
            while (placed.Count < demand.InstanceCount)
            {
                var best = Choose(nodes, demand, placed, load, capacity);
                placed.Add(best);
                load[best]++;
            }

            result[(demand.Endpoint, demand.Variant)] = [.. placed.Order(StringComparer.Ordinal)];
        }

        return new PlacementPlan(result);
    }

    /// <summary>
    /// A node with room first, preferring the fewest instances of this variant (spread), then the lowest fill
    /// (load relative to capacity). Over capacity only when every node is full, and then by fill alone so
    /// the overload is proportional to size. A per-variant hash breaks ties so they do not always land on
    /// the same node.
    /// </summary>
    private static string Choose(ClusterNode[] nodes, VariantDemand demand, List<string> placed, Dictionary<string, int> load, Dictionary<string, int> capacity)
    {
        ClusterNode? best = null;
        (int Full, double First, double Second, uint Tie) bestKey = default;
        foreach (var node in nodes)
        {
            var same = placed.Count(p => p == node.Id);
            var fill = (double)load[node.Id] / capacity[node.Id];
            var full = fill >= 1;
            var key = full ? (1, fill, (double)same, Tie(demand, node.Id)) : (0, same, fill, Tie(demand, node.Id));
            if (best is null || key.CompareTo(bestKey) < 0)
            {
                best = node;
                bestKey = key;
            }
        }

        return best!.Id;
    }

    // FNV-1a over endpoint, variant and node: stable across processes (string.GetHashCode is randomised).
    private static uint Tie(VariantDemand demand, string nodeId)
    {
        var hash = 2166136261u;
        foreach (var part in new[] { demand.Endpoint, demand.Variant, nodeId })
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 16777619u;
            }

            hash = (hash ^ 0x1F) * 16777619u;
        }

        return hash;
    }
}
