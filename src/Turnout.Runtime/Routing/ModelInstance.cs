using Turnout.Models;

namespace Turnout.Runtime.Routing;

/// <summary>
/// One instance of a variant: a serving slot over a compiled model. Compiled models are immutable, so
/// instances of one variant share the predictor and differ only in the load they carry.
/// </summary>
public sealed class ModelInstance(int id, IPredictor predictor)
{
    private int _inFlight;

    public int Id { get; } = id;
    public IPredictor Predictor { get; } = predictor;

    /// <summary>Requests this instance is serving right now; read racily by the least-busy choice.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
