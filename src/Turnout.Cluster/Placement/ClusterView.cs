using System.Collections.Concurrent;
using Turnout.Cluster.Forwarding;
using Turnout.Cluster.Nodes;

namespace Turnout.Cluster.Placement;

/// <summary>
/// This node's immutable view of the plan, swapped atomically: for each variant, the other nodes hosting
/// it — or nothing when it is hosted here or not placed (then it is served here). Lookups take no lock and
/// allocate nothing.
/// </summary>
public sealed class ClusterView(string selfId)
{
    private static readonly Dictionary<string, Dictionary<string, RemoteNode[]>> Nothing = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, RemoteNode> _nodes = new(StringComparer.Ordinal);
    private volatile Dictionary<string, Dictionary<string, RemoteNode[]>> _remote = Nothing;
    private volatile Dictionary<string, RemoteNode[]> _endpointHosts = new(StringComparer.Ordinal);

    public string SelfId { get; } = selfId;

    /// <summary>What the view was built from, for <c>GET /cluster</c>.</summary>
    public (PlacementPlan Plan, IReadOnlyList<ClusterNode> Nodes, string? Coordinator, long Version) Source { get; private set; } =
        (PlacementPlan.Empty, [], null, 0);

    /// <summary>The nodes to forward to, or false when the variant is to be served here.</summary>
    public bool TryGetRemotes(string endpoint, string variant, out RemoteNode[] remotes)
    {
        if (_remote.TryGetValue(endpoint, out var variants) && variants.TryGetValue(variant, out remotes!))
        {
            return true;
        }

        remotes = [];
        return false;
    }

    /// <summary>
    /// Other nodes hosting any variant of an endpoint this node has not loaded yet (it was just created
    /// through another node): they can answer while this node is still loading its models.
    /// </summary>
    public bool TryGetEndpointHosts(string endpoint, out RemoteNode[] remotes)
    {
        if (_endpointHosts.TryGetValue(endpoint, out remotes!))
        {
            return true;
        }

        remotes = [];
        return false;
    }

    public void Publish(PlacementPlan plan, IReadOnlyList<ClusterNode> healthy, string? coordinator, long version)
    {
        var byId = healthy.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var remote = new Dictionary<string, Dictionary<string, RemoteNode[]>>(StringComparer.Ordinal);
        var endpointHosts = plan.Instances
            .GroupBy(p => p.Key.Endpoint, StringComparer.Ordinal)
            .Select(g => (Endpoint: g.Key, Hosts: g.SelectMany(p => p.Value).Distinct(StringComparer.Ordinal)
                .Where(id => id != SelfId && byId.ContainsKey(id)).Select(id => Node(byId[id])).ToArray()))
            .Where(e => e.Hosts.Length > 0)
            .ToDictionary(e => e.Endpoint, e => e.Hosts, StringComparer.Ordinal);
        foreach (var ((endpoint, variant), nodeIds) in plan.Instances)
        {
            if (nodeIds.Contains(SelfId, StringComparer.Ordinal))
            {
                continue;
            }

            var targets = nodeIds.Distinct(StringComparer.Ordinal)
                .Where(byId.ContainsKey)
                .Select(id => Node(byId[id]))
                .ToArray();
            if (targets.Length == 0)
            {
                continue; // every host is gone: serve here until the coordinator re-places it
            }

            if (!remote.TryGetValue(endpoint, out var variants))
            {
                remote[endpoint] = variants = new Dictionary<string, RemoteNode[]>(StringComparer.Ordinal);
            }

            variants[variant] = targets;
        }

        Source = (plan, healthy, coordinator, version);
        _remote = remote;
        _endpointHosts = endpointHosts;
    }

    // One RemoteNode per node and address, kept across plans so outstanding counts and suspicion carry over.
    private RemoteNode Node(ClusterNode node)
    {
        var existing = _nodes.GetOrAdd(node.Id, _ => new RemoteNode(node.Id, new Uri(node.Url.TrimEnd('/') + "/")));
        if (existing.BaseUri.OriginalString.TrimEnd('/') == node.Url.TrimEnd('/'))
        {
            return existing;
        }

        var replaced = new RemoteNode(node.Id, new Uri(node.Url.TrimEnd('/') + "/"));
        _nodes[node.Id] = replaced;
        return replaced;
    }
}
