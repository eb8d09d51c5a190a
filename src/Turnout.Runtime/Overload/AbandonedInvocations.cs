namespace Turnout.Runtime.Overload;

/// <summary>
/// Invocations the watchdog answered while their thread was still in the model, and whose thread has not come
/// back yet. Their cores are replaced, so no routing table reaches them; <see cref="PoolFloor"/> still counts
/// the threads they hold. Changes only on timeouts, so one process-wide counter costs the hot path nothing.
/// </summary>
public static class AbandonedInvocations
{
    private static int s_count;

    public static int Count => Volatile.Read(ref s_count);

    internal static void Abandoned() => Interlocked.Increment(ref s_count);

    internal static void Returned() => Interlocked.Decrement(ref s_count);
}
