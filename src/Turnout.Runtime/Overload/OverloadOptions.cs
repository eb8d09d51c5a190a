namespace Turnout.Runtime.Overload;

/// <summary>Backpressure and model timeout settings (<c>--max-queue-per-instance</c>, <c>--model-timeout</c>).</summary>
public sealed record OverloadOptions
{
    /// <summary>How many predictions an instance runs at once, like the container's worker per CPU.</summary>
    public static int InstanceConcurrency => Environment.ProcessorCount;

    /// <summary>Requests that may wait behind the running ones on one instance; 0 picks 64 per unit of concurrency.</summary>
    public int MaxQueuePerInstance { get; init; }

    /// <summary>Longest an invocation may spend in the model before it is answered with ModelError; zero or less turns the watchdog off.</summary>
    public TimeSpan ModelTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Everything one instance of the default profile holds at once, running and waiting; beyond it requests get 503.</summary>
    public int InstanceCapacity => CapacityFor(InstanceConcurrency);

    /// <summary>Everything one instance with <paramref name="concurrency"/> slots holds: its running slots plus its queue.</summary>
    public int CapacityFor(int concurrency) => concurrency + (MaxQueuePerInstance > 0 ? MaxQueuePerInstance : 64 * concurrency);
}
