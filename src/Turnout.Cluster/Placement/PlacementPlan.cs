namespace Turnout.Cluster.Placement;

/// <summary>
/// Where every variant's instances run: one node id per instance (a node may hold several instances of
/// one variant when there are fewer nodes than instances). Keys are (endpoint, variant).
/// </summary>
public sealed class PlacementPlan(IReadOnlyDictionary<(string Endpoint, string Variant), string[]> instances)
{
    public static PlacementPlan Empty { get; } = new(new Dictionary<(string, string), string[]>());

    public IReadOnlyDictionary<(string Endpoint, string Variant), string[]> Instances { get; } = instances;

    /// <summary>Instances placed on <paramref name="nodeId"/>, over all variants.</summary>
    public int Load(string nodeId) => Instances.Values.Sum(nodes => nodes.Count(n => n == nodeId));

    public bool SameAs(PlacementPlan other) =>
        other.Instances.Count == Instances.Count
        && Instances.All(p => other.Instances.TryGetValue(p.Key, out var o) && o.AsSpan().SequenceEqual(p.Value));
}
