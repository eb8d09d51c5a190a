using Turnout.Models;
using Turnout.Runtime.Overload;

namespace Turnout.Runtime.Routing;

/// <summary>
/// One instance of a variant: a serving slot over a compiled model. Compiled models are immutable, so
/// instances of one variant share the predictor and differ only in the load they carry. The load lives
/// in a replaceable <see cref="InstanceCore"/>: when an invocation gets stuck, a fresh core over the same
/// model takes the slot and the stuck one is abandoned with whatever thread it holds.
/// </summary>
public sealed class ModelInstance(int id, IPredictor predictor, int capacity = 0)
{
    private InstanceCore _core = new();
    private int _replacements;

    public int Id { get; } = id;
    public IPredictor Predictor { get; } = predictor;

    /// <summary>Invocations this instance holds at once (its instance type's concurrency plus its queue); 0 = the server's default.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Requests this instance is serving right now; read racily by the least-busy choice.</summary>
    public int InFlight => Volatile.Read(ref _core).InFlight;

    /// <summary>How many times a stuck core was replaced by a fresh one.</summary>
    public int Replacements => Volatile.Read(ref _replacements);

    internal InstanceCore Core => Volatile.Read(ref _core);

    public void Enter() => Core.Enter();

    public void Exit() => Core.Exit();

    /// <summary>
    /// Admits one invocation unless the instance already holds <paramref name="capacity"/> (running and
    /// waiting). Lock-free; a refusal costs one read. The ticket is the invocation's slot for the watchdog.
    /// </summary>
    public bool TryAdmit(int capacity, object? owner, out InvocationTicket ticket) => Core.TryAdmit(capacity, owner, out ticket);

    /// <summary>Swaps in a fresh core if <paramref name="stuck"/> is still the live one; true if this call did it.</summary>
    internal bool Replace(InstanceCore stuck)
    {
        if (Interlocked.CompareExchange(ref _core, new InstanceCore(), stuck) != stuck)
        {
            return false;
        }

        Interlocked.Increment(ref _replacements);
        return true;
    }
}
