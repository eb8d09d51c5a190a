namespace Turnout.Wire.AutoScaling;

/// <summary>
/// Whether this node evaluates scaling policies now. One node does (the only one, or the cluster's
/// coordinator), so a change is decided and recorded once however many nodes share the store.
/// </summary>
public interface IScalingLeader
{
    bool IsLeader { get; }
}

/// <summary>A single node always leads.</summary>
internal sealed class SingleNodeScalingLeader : IScalingLeader
{
    public bool IsLeader => true;
}
