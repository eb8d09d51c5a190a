using System.Diagnostics;

namespace Turnout.Runtime.Overload;

/// <summary>
/// The load of one instance: how many invocations it holds and a slot per admitted invocation, so the
/// watchdog can see how long each has been in the model. Admission and release are Interlocked only.
/// </summary>
internal sealed class InstanceCore
{
    private int _inFlight;
    private int _next;
    private InvocationSlot[]? _slots;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The slots, or null before the first admission (instances used without admission never allocate them).</summary>
    public InvocationSlot[]? Slots => Volatile.Read(ref _slots);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public bool TryAdmit(int capacity, object? owner, out InvocationTicket ticket)
    {
        var slots = Volatile.Read(ref _slots) ?? CreateSlots(capacity);
        capacity = Math.Min(capacity, slots.Length);
        var seen = Volatile.Read(ref _inFlight);
        while (true)
        {
            if (seen >= capacity)
            {
                ticket = default;
                return false;
            }

            var won = Interlocked.CompareExchange(ref _inFlight, seen + 1, seen);
            if (won == seen)
            {
                break;
            }

            seen = won;
        }

        // A slot is freed before the count drops, so an admitted invocation always finds one.
        var start = (uint)Interlocked.Increment(ref _next);
        for (var i = 0; ; i++)
        {
            var slot = slots[(int)((start + (uint)i) % (uint)slots.Length)];
            if (slot.TryClaim(owner))
            {
                ticket = new InvocationTicket(this, slot);
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _inFlight);

    private InvocationSlot[] CreateSlots(int capacity)
    {
        var slots = new InvocationSlot[Math.Max(1, capacity)];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = new InvocationSlot();
        }

        return Interlocked.CompareExchange(ref _slots, slots, null) ?? slots;
    }
}

/// <summary>One admitted invocation's state as the request and the watchdog both see it.</summary>
internal sealed class InvocationSlot
{
    public const int Free = 0;
    public const int Admitted = 1;
    public const int Running = 2;
    public const int Claimed = 3;
    public const int TimedOut = 4;

    private int _state;

    public object? Owner { get; private set; }

    public long Started { get; private set; }

    public Task? Answer { get; private set; }

    public int State => Volatile.Read(ref _state);

    public bool TryClaim(object? owner)
    {
        if (Volatile.Read(ref _state) != Free || Interlocked.CompareExchange(ref _state, Admitted, Free) != Free)
        {
            return false;
        }

        Owner = owner;
        return true;
    }

    public void Start()
    {
        Started = Stopwatch.GetTimestamp();
        Volatile.Write(ref _state, Running);
    }

    /// <summary>The request is done with the slot; false if the watchdog took it first (the answer is the watchdog's).</summary>
    public bool TryFree()
    {
        var state = Volatile.Read(ref _state);
        if (state is Claimed or TimedOut || Interlocked.CompareExchange(ref _state, Free, state) != state)
        {
            return false;
        }

        Owner = null;
        return true;
    }

    /// <summary>True while the invocation has been in the model for more than <paramref name="ticks"/> (it holds its thread).</summary>
    public bool IsRunningLongerThan(long now, long ticks) => Volatile.Read(ref _state) == Running && now - Started > ticks;

    /// <summary>The watchdog's side: takes a running invocation past its deadline so the request thread cannot answer.</summary>
    public bool TryExpire(long now, long timeoutTicks)
    {
        return Volatile.Read(ref _state) == Running
            && now - Started > timeoutTicks
            && Interlocked.CompareExchange(ref _state, Claimed, Running) == Running;
    }

    public void Answered(Task answer)
    {
        Answer = answer;
        Volatile.Write(ref _state, TimedOut);
    }

    /// <summary>Waits (briefly: the watchdog is between its claim and its answer) for the watchdog's answer.</summary>
    public Task WaitForAnswer()
    {
        var spin = default(SpinWait);
        while (Volatile.Read(ref _state) != TimedOut)
        {
            spin.SpinOnce();
        }

        return Answer!;
    }
}
