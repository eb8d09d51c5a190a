namespace Turnout.Cluster.Nodes;

/// <summary>A registered node as the registry last saw it: where to reach it and how many instances it takes.</summary>
public sealed record ClusterNode(string Id, string Url, int Capacity);
