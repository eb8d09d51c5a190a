using Turnout.Cluster.Coordination;
using Turnout.Wire.AutoScaling;

namespace Turnout.Wire.Cluster;

/// <summary>In a cluster, scaling policies are evaluated by the coordinator (the advisory-lock lease holder) only.</summary>
internal sealed class CoordinatorScalingLeader(ClusterService cluster) : IScalingLeader
{
    public bool IsLeader => cluster.IsCoordinator;
}
