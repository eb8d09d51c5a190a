using System.Diagnostics;
using Turnout.Runtime.Routing;

namespace Turnout.Runtime.Overload;

/// <summary>
/// Finds invocations that have been in the model longer than the timeout, answers them through the
/// <see cref="TimeoutResponder"/> and replaces their instance's core with a fresh one over the same model,
/// so the variant keeps its capacity while the stuck thread is abandoned. Runs on its own thread: a pool
/// starved by stuck models must not delay the rescue.
/// </summary>
public sealed class InvocationWatchdog : IDisposable
{
    private readonly RoutingRegistry _routes;
    private readonly TimeoutResponder _responder;
    private readonly long _timeoutTicks;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;
    private long _timedOut;

    public InvocationWatchdog(RoutingRegistry routes, TimeSpan timeout, TimeoutResponder responder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _routes = routes;
        _responder = responder;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        // A timed-out request is answered within a quarter of the timeout (at most a second) of its deadline.
        _interval = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 20, TimeSpan.TicksPerSecond));
    }

    /// <summary>Invocations answered with a timeout since start.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "turnout-watchdog" };
        _thread.Start();
    }

    /// <summary>One pass over every instance; returns how many invocations it timed out.</summary>
    public int Scan()
    {
        var now = Stopwatch.GetTimestamp();
        var count = 0;
        foreach (var (_, table) in _routes.Entries)
        {
            count += Scan(table, now);
        }

        return count;
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            Scan();
        }
    }

    private int Scan(RoutingTable table, long now)
    {
        var count = 0;
        foreach (var variant in table.AllVariants)
        {
            foreach (var instance in variant.Instances)
            {
                var core = instance.Core;
                if (core.Slots is not { } slots)
                {
                    continue;
                }

                foreach (var slot in slots)
                {
                    if (!slot.TryExpire(now, _timeoutTicks))
                    {
                        continue;
                    }

                    // Requests still arriving go to a fresh core; this one keeps only its stuck and finishing work.
                    AbandonedInvocations.Abandoned();
                    instance.Replace(core);
                    var elapsed = TimeSpan.FromSeconds((now - slot.Started) / (double)Stopwatch.Frequency);
                    Task answer;
                    try
                    {
                        answer = _responder(slot.Owner!, table.EndpointName, variant, elapsed);
                    }
                    catch (Exception e)
                    {
                        answer = Task.FromException(e);
                    }

                    slot.Answered(answer);
                    Interlocked.Increment(ref _timedOut);
                    count++;
                }
            }
        }

        return count;
    }
}
