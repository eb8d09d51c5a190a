namespace Turnout.Runtime.Overload;

/// <summary>
/// An admitted invocation's hold on an instance. <see cref="Start"/> when the model starts (the timeout
/// counts from there), then exactly one <see cref="TryComplete"/>: false means the watchdog timed the
/// invocation out and answered it, so the caller must not write a response and awaits <see cref="TimedOutAnswer"/>.
/// </summary>
public readonly struct InvocationTicket
{
    private readonly InstanceCore? _core;
    private readonly InvocationSlot? _slot;

    internal InvocationTicket(InstanceCore core, InvocationSlot slot)
    {
        _core = core;
        _slot = slot;
    }

    public void Start() => _slot!.Start();

    public bool TryComplete()
    {
        if (!_slot!.TryFree())
        {
            // The watchdog answered for this invocation; its thread is back, so the pool floor stops counting it.
            AbandonedInvocations.Returned();
            return false;
        }

        _core!.Release();
        return true;
    }

    /// <summary>The watchdog's answer to a timed-out invocation; await it before the request ends.</summary>
    public Task TimedOutAnswer() => _slot!.WaitForAnswer();
}
