using System.Diagnostics;

namespace Turnout.Runtime.Overload;

/// <summary>
/// Keeps the thread pool's minimum just above the threads that models are holding. Predictions run inline on
/// pool threads, so a slow or stuck model takes threads away; the pool would inject replacements about two a
/// second, and every request behind them (503s included) would wait. A fixed minimum of one instance's
/// capacity avoided that, but then the pool kept 100–165 workers under fast traffic, all waking and spinning
/// on two cores: p99 at 64 connections was 5.1 ms against 2.0 ms with the pool's own minimum (bench/README.md).
/// So the floor follows demand: every <see cref="Interval"/> it counts the invocations that have been in a
/// model longer than <see cref="SlowAfter"/> (each source adds its own), and sets the minimum to the pool's
/// baseline plus that count; the baseline is whatever the minimum was before, or whatever someone else set.
/// </summary>
public sealed class PoolFloor : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan SlowAfter = TimeSpan.FromMilliseconds(5);

    /// <summary>At most this many threads above the baseline, whatever the sources count.</summary>
    public const int MaxRaise = 512;

    /// <summary>The floor of this process's thread pool; the pool is one per process, so this is too.</summary>
    public static PoolFloor Process { get; } = new(
        () => { ThreadPool.GetMinThreads(out var workers, out _); return workers; },
        workers => { ThreadPool.GetMinThreads(out _, out var io); ThreadPool.SetMinThreads(workers, io); },
        () => AbandonedInvocations.Count,
        startThread: true);

    private readonly Func<int> _getMinimum;
    private readonly Action<int> _setMinimum;
    private readonly Func<int>? _alwaysHeld;
    private readonly bool _startThread;
    private readonly Lock _sync = new();
    private Func<long, int>[] _sources = [];
    private Thread? _thread;
    private readonly ManualResetEventSlim _stop = new();
    private int _baseline = -1;
    private int _lastSet = -1;

    /// <summary>
    /// A floor over any minimum (tests give their own; the server uses <see cref="Process"/>).
    /// <paramref name="alwaysHeld"/> counts threads held whatever the sources say: those the watchdog abandoned.
    /// </summary>
    public PoolFloor(Func<int> getMinimum, Action<int> setMinimum, Func<int>? alwaysHeld = null, bool startThread = false)
    {
        _getMinimum = getMinimum;
        _setMinimum = setMinimum;
        _alwaysHeld = alwaysHeld;
        _startThread = startThread;
    }

    /// <summary>
    /// Adds a source of held threads: given the current timestamp and how long counts as slow (both in
    /// <see cref="Stopwatch"/> ticks), it returns how many threads it holds. Dispose the result to remove it.
    /// </summary>
    public IDisposable Register(Func<long, long, int> heldThreads)
    {
        ArgumentNullException.ThrowIfNull(heldThreads);
        var slowTicks = (long)(SlowAfter.TotalSeconds * Stopwatch.Frequency);
        Func<long, int> source = now => heldThreads(now, slowTicks);
        lock (_sync)
        {
            _sources = [.. _sources, source];
            if (_startThread && _thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "turnout-pool-floor" };
                _thread.Start();
            }
        }

        return new Registration(this, source);
    }

    /// <summary>One adjustment; returns the minimum it left in place.</summary>
    public int Tick(long now)
    {
        lock (_sync)
        {
            var held = _alwaysHeld?.Invoke() ?? 0;
            foreach (var source in _sources)
            {
                held += source(now);
            }

            var current = _getMinimum();
            if (current != _lastSet)
            {
                // First tick, or someone else (a test, an operator's setting) moved the minimum: that is the new baseline.
                _baseline = current;
            }

            var target = _baseline + Math.Clamp(held, 0, MaxRaise);
            if (target != current)
            {
                _setMinimum(target);
            }

            _lastSet = target;
            return target;
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        while (!_stop.Wait(Interval))
        {
            Tick(Stopwatch.GetTimestamp());
        }
    }

    private void Remove(Func<long, int> source)
    {
        lock (_sync)
        {
            _sources = Array.FindAll(_sources, s => s != source);
        }

        // Threads it counted are no longer asked for: bring the minimum back now rather than at the next tick.
        Tick(Stopwatch.GetTimestamp());
    }

    private sealed class Registration(PoolFloor floor, Func<long, int> source) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                floor.Remove(source);
            }
        }
    }
}
