using System.Buffers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Turnout.Cluster.Placement;

namespace Turnout.Cluster.Forwarding;

/// <summary>
/// Sends an invocation for a variant hosted elsewhere to the hosting node with the fewest requests
/// outstanding from here, and relays its answer unchanged. Predictions are idempotent, so a connection
/// failure (a dead node) is retried on the next host; when no host answers, the caller serves the request
/// itself (every node has every model loaded), so a dying node costs latency, not failed requests.
/// Only invocations come through here: control-plane writes are never forwarded or retried.
/// </summary>
public sealed partial class InvocationForwarder(ClusterView view, ClusterOptions options, HttpClient http, ILogger<InvocationForwarder> logger)
{
    /// <summary>Set on forwarded requests: the receiver serves them itself, so a stale view cannot bounce a request between nodes.</summary>
    public const string ForwardedHeader = "X-Turnout-Forwarded-By";

    private const int MaxInitialBuffer = 16 * 1024 * 1024;
    private static readonly TimeSpan SuspectFor = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length", ForwardedHeader,
    };

    /// <summary>The hosts to forward to, or false to serve here (hosted here, not placed, or already forwarded once).</summary>
    public bool ShouldForward(HttpRequest request, string endpoint, string variant, out RemoteNode[] remotes)
    {
        if (!view.TryGetRemotes(endpoint, variant, out remotes))
        {
            return false;
        }

        return !request.Headers.ContainsKey(ForwardedHeader);
    }

    /// <summary>Hosts of an endpoint this node does not know (yet), unless the request was forwarded already.</summary>
    public bool ShouldForwardUnknown(HttpRequest request, string endpoint, out RemoteNode[] remotes) =>
        view.TryGetEndpointHosts(endpoint, out remotes) && !request.Headers.ContainsKey(ForwardedHeader);

    /// <summary>
    /// Forwards and writes the remote's response; false when no host could be reached, with the request
    /// body put back so the caller can serve the request locally.
    /// </summary>
    /// <param name="variant">The variant drawn here, or null to let the host draw (an endpoint this node has not loaded).</param>
    public async Task<bool> TryForwardAsync(HttpContext context, string endpoint, string? variant, RemoteNode[] remotes)
    {
        var request = context.Request;
        var (body, length) = await BufferAsync(request, context.RequestAborted).ConfigureAwait(false);
        var returnBuffer = true;
        try
        {
            var tried = 0;
            foreach (var remote in Order(remotes))
            {
                if (tried++ >= options.ForwardAttempts)
                {
                    break;
                }

                remote.Enter();
                HttpResponseMessage? answer = null;
                try
                {
                    using var message = Build(request, endpoint, variant, remote, body, length);
                    answer = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
                    await RelayAsync(context, answer).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (IsConnectionFailure(e) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    remote.MarkSuspect(SuspectFor);
                    Log.Retrying(logger, endpoint, variant ?? "(any)", remote.Id, e.Message);
                }
                finally
                {
                    answer?.Dispose();
                    remote.Exit();
                }
            }

            Log.ServingLocally(logger, endpoint, variant ?? "(any)", tried);
            Restore(request, body, length);
            returnBuffer = false;
            return false;
        }
        finally
        {
            if (returnBuffer)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
        }
    }

    /// <summary>Healthy hosts by fewest outstanding requests, suspects last.</summary>
    private static RemoteNode[] Order(RemoteNode[] remotes)
    {
        if (remotes.Length == 1)
        {
            return remotes;
        }

        var ordered = (RemoteNode[])remotes.Clone();
        var start = Random.Shared.Next(ordered.Length);
        // Rotate first so ties spread, then a stable sort keeps the rotation among equals.
        ordered = [.. ordered[start..], .. ordered[..start]];
        return [.. ordered.OrderBy(r => r.IsSuspect).ThenBy(r => r.Outstanding)];
    }

    private HttpRequestMessage Build(HttpRequest request, string endpoint, string? variant, RemoteNode remote, byte[] body, int length)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(remote.BaseUri, "endpoints/" + Uri.EscapeDataString(endpoint) + "/invocations"))
        {
            Content = new ByteArrayContent(body, 0, length),
            Version = System.Net.HttpVersion.Version11,
        };
        foreach (var (name, values) in request.Headers)
        {
            if (NotCopied.Contains(name))
            {
                continue;
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // SigV4 signs the Host the client used; the receiving node checks the same signature.
        message.Headers.Host = request.Host.Value;
        if (variant is not null)
        {
            // The variant was drawn here: the host must not draw again.
            message.Headers.Remove("X-Amzn-SageMaker-Target-Variant");
            message.Headers.TryAddWithoutValidation("X-Amzn-SageMaker-Target-Variant", variant);
        }

        message.Headers.TryAddWithoutValidation(ForwardedHeader, view.SelfId);
        return message;
    }

    private static async Task RelayAsync(HttpContext context, HttpResponseMessage answer)
    {
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers)
        {
            if (!NotCopied.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        foreach (var (name, values) in answer.Content.Headers)
        {
            if (!NotCopied.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        if (answer.Content.Headers.ContentLength is { } contentLength)
        {
            response.ContentLength = contentLength;
        }

        await using var stream = await answer.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(byte[] Buffer, int Length)> BufferAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 and <= MaxInitialBuffer ? (int)request.ContentLength.Value : 4096);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read; // Kestrel's MaxRequestBodySize bounds this
        }
    }

    /// <summary>Puts the already-read body back so the local path reads it as if untouched.</summary>
    private static void Restore(HttpRequest request, byte[] buffer, int length)
    {
        request.Body = new MemoryStream(buffer, 0, length, writable: false);
        request.HttpContext.Response.RegisterForDispose(new PooledArray(buffer));
    }

    private static bool IsConnectionFailure(Exception e) => e switch
    {
        HttpRequestException { InnerException: SocketException or IOException } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.SecureConnectionError } => true,
        IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    private sealed class PooledArray(byte[] array) : IDisposable
    {
        public void Dispose() => ArrayPool<byte>.Shared.Return(array);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Forwarding {Endpoint}/{Variant} to node {Node} failed ({Reason}); trying another host")]
        public static partial void Retrying(ILogger logger, string endpoint, string variant, string node, string reason);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "No host of {Endpoint}/{Variant} answered after {Tries} tries; serving it on this node")]
        public static partial void ServingLocally(ILogger logger, string endpoint, string variant, int tries);
    }
}
