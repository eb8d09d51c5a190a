using System.Buffers;

namespace Turnout.Runtime.Capture;

/// <summary>
/// A captured payload in a buffer rented from the shared pool: the request's own buffers go back to Kestrel
/// at once, and the writer returns this one after writing it, so capturing large batches does not feed the
/// GC a fresh array per request (bench/README.md: RSS with capture of 100-row batches).
/// </summary>
public readonly record struct CapturedBytes(byte[] Buffer, int Length)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public static CapturedBytes Copy(in ReadOnlySequence<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        payload.CopyTo(buffer);
        return new CapturedBytes(buffer, (int)payload.Length);
    }

    public static CapturedBytes Copy(ReadOnlySpan<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(buffer);
        return new CapturedBytes(buffer, payload.Length);
    }

    /// <summary>Gives the buffer back to the pool; the payload must not be read afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(Buffer);
}
