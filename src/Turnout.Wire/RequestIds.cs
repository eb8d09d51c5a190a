namespace Turnout.Wire;

/// <summary>Request ids for x-amzn-RequestId: unique per process start, cheap to make.</summary>
internal static class RequestIds
{
    private static readonly string Prefix = Guid.NewGuid().ToString("N")[..12];
    private static long _counter;

    public static string Next() => string.Create(29, Interlocked.Increment(ref _counter), static (span, n) =>
    {
        Prefix.AsSpan().CopyTo(span);
        span[12] = '-';
        n.TryFormat(span[13..], out var written, "x16", System.Globalization.CultureInfo.InvariantCulture);
        _ = written;
    });
}
