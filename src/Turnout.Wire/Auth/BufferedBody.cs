using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Turnout.Wire.Auth;

/// <summary>
/// The request body read whole into one pooled array so its SHA-256 can be checked before the API runs,
/// then handed on: <c>Request.Body</c> becomes a MemoryStream over it and <c>Request.BodyReader</c> a
/// PipeReader over the same bytes, so downstream readers (the runtime's PipeReader, the control plane's and
/// CloudWatch's streams, ReadFormAsync) see the body unchanged and without another copy. Like EnableBuffering,
/// but in memory only and contiguous (the runtime's decoder gets a single span). The array goes back to the
/// pool when the response is done.
/// </summary>
internal sealed class BufferedBody : IDisposable
{
    private byte[]? _array;

    private BufferedBody(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Reads the body (at most <paramref name="maxBytes"/>); null when it is larger.</summary>
    public static async Task<BufferedBody?> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        var array = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 4096, 16, maxBytes));
        var length = 0;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (length + buffer.Length > maxBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    ArrayPool<byte>.Shared.Return(array);
                    return null;
                }

                if (length + buffer.Length > array.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(array.Length * 2L, length + buffer.Length), maxBytes));
                    array.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(array);
                    array = bigger;
                }

                buffer.CopyTo(array.AsSpan(length));
                length += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }

        var body = new BufferedBody(array, length);
        request.Body = new MemoryStream(array, 0, length, writable: false, publiclyVisible: true);
        context.Features.Set<IRequestBodyPipeFeature>(new PipeFeature(PipeReader.Create(new ReadOnlySequence<byte>(array, 0, length))));
        context.Response.RegisterForDispose(body);
        return body;
    }

    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private sealed class PipeFeature(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }
}
