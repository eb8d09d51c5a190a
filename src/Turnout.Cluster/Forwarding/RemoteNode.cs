using System.Diagnostics;

namespace Turnout.Cluster.Forwarding;

/// <summary>Another node as a forwarding target: its address and the requests this node has outstanding on it.</summary>
public sealed class RemoteNode(string id, Uri baseUri)
{
    private int _outstanding;
    private long _suspectUntil;

    public string Id { get; } = id;
    public Uri BaseUri { get; } = baseUri;

    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>True for a while after a connection to it failed: tried last until then.</summary>
    public bool IsSuspect => Stopwatch.GetTimestamp() < Volatile.Read(ref _suspectUntil);

    public void Enter() => Interlocked.Increment(ref _outstanding);

    public void Exit() => Interlocked.Decrement(ref _outstanding);

    public void MarkSuspect(TimeSpan duration) =>
        Volatile.Write(ref _suspectUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
}
