namespace Turnout.Cluster.Placement;

/// <summary>A variant and the instances it needs placed (its CurrentInstanceCount).</summary>
public readonly record struct VariantDemand(string Endpoint, string Variant, int InstanceCount);
