using System.Collections.Concurrent;

namespace Turnout.ControlPlane.AutoScaling;

/// <summary>
/// Shared between the API and the evaluator: one lock for read-modify-write of targets and policies, and
/// which targets a scaling activity is applying to right now (Deregister answers ConcurrentUpdateException then).
/// </summary>
public sealed class ScalingGate
{
    private readonly ConcurrentDictionary<string, byte> _applying = new(StringComparer.Ordinal);

    public Lock Writes { get; } = new();

    public bool IsApplying(string resourceId) => _applying.ContainsKey(resourceId);

    public bool TryBeginApply(string resourceId) => _applying.TryAdd(resourceId, 0);

    public void EndApply(string resourceId) => _applying.TryRemove(resourceId, out _);
}
