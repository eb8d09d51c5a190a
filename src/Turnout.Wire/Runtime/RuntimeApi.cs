using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Turnout.ControlPlane;
using Turnout.Metrics;
using Turnout.Runtime;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;

namespace Turnout.Wire.Runtime;

/// <summary>
/// InvokeEndpoint: <c>POST /endpoints/{EndpointName}/invocations</c>. Reads the routing table once,
/// picks the variant (TargetVariant or a weighted draw) and its least-busy instance, runs the model,
/// records metrics and answers with the invoked variant in <c>x-Amzn-Invoked-Production-Variant</c>.
/// </summary>
public sealed partial class RuntimeApi(RoutingRegistry routes, ControlPlaneOptions options, ILogger<RuntimeApi> logger, Turnout.Cluster.Forwarding.InvocationForwarder? forwarder = null, OverloadOptions? overload = null, OverloadStats? overloadStats = null)
{
    private readonly int _instanceCapacity = (overload ?? new OverloadOptions()).InstanceCapacity;

    /// <summary>SageMaker's payload limit for real-time endpoints.</summary>
    public const int MaxPayloadBytes = 6_291_456;

    private static readonly double TicksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;

    public async Task InvokeAsync(HttpContext context, string endpointName)
    {
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        var response = context.Response;
        var requestId = RequestIds.Next();
        response.Headers["x-amzn-RequestId"] = requestId;

        if (!routes.TryGet(endpointName, out var table))
        {
            // Cluster: an endpoint just created through another node may still be loading here.
            if (forwarder is not null && forwarder.ShouldForwardUnknown(request, endpointName, out var endpointHosts)
                && await forwarder.TryForwardAsync(context, endpointName, null, endpointHosts).ConfigureAwait(false))
            {
                return;
            }

            await RejectAsync(context, requestId, endpointName, $"Endpoint {endpointName} of account {options.AccountId} not found.").ConfigureAwait(false);
            return;
        }

        VariantRoute? variant;
        var target = request.Headers["X-Amzn-SageMaker-Target-Variant"];
        if (!StringValues.IsNullOrEmpty(target))
        {
            variant = table.Find(target.ToString());
            if (variant is null)
            {
                await RejectAsync(context, requestId, endpointName,
                    $"Variant {target} not found for endpoint {endpointName}. Its variants are: {string.Join(", ", table.Variants.Select(v => v.Name))}.").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            variant = table.PickWeighted(Random.Shared.NextDouble());
            if (variant is null)
            {
                await RejectAsync(context, requestId, endpointName, $"Endpoint {endpointName} has no variant with a weight above 0.").ConfigureAwait(false);
                return;
            }
        }

        var inferenceId = request.Headers["X-Amzn-SageMaker-Inference-Id"];
        if (!StringValues.IsNullOrEmpty(inferenceId) && inferenceId.ToString().Length > 64)
        {
            await RejectAsync(context, requestId, endpointName, "InferenceId must be 1 to 64 characters long.").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > MaxPayloadBytes)
        {
            await RejectAsync(context, requestId, endpointName, PayloadTooLarge(request.ContentLength.Value)).ConfigureAwait(false);
            return;
        }

        // Cluster (docs/cluster.md): a variant whose instances other nodes host is served there; null on one node.
        if (forwarder is not null && forwarder.ShouldForward(request, endpointName, variant.Name, out var hosts)
            && await forwarder.TryForwardAsync(context, endpointName, variant.Name, hosts).ConfigureAwait(false))
        {
            return;
        }

        // Admission before the body is read: a refused request costs no buffering (Overload/).
        if (!TryAdmit(variant, context, (uint)Environment.CurrentManagedThreadId + (uint)started, out var instance, out var ticket))
        {
            await ThrottleAsync(context, requestId, endpointName, variant).ConfigureAwait(false);
            return;
        }

        var reader = request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > MaxPayloadBytes)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    ticket.TryComplete();
                    await RejectAsync(context, requestId, endpointName, PayloadTooLarge(read.Buffer.Length)).ConfigureAwait(false);
                    return;
                }

                if (read.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch
        {
            ticket.TryComplete();
            throw;
        }

        using var output = new PooledByteWriter();
        var modelStarted = Stopwatch.GetTimestamp();
        DecodeError? error;
        var responseContentType = MediaTypes.Csv;
        var answered = true;
        ticket.Start();
        try
        {
            error = Run(variant, instance, read.Buffer, request.ContentType, request.Headers.Accept, output, out responseContentType);
            if (error is null && variant.Capture is { } capture)
            {
                // Before the body is released: the capture copies what it samples and queues it off the hot path.
                capture.Offer(read.Buffer, request.ContentType, output.WrittenMemory.Span, responseContentType,
                    StringValues.IsNullOrEmpty(inferenceId) ? null : inferenceId.ToString(), DateTimeOffset.UtcNow);
            }
        }
        catch (Exception e)
        {
            // A model that throws is the model's 5xx, not Turnout's: the caller sees ModelError.
            Log.ModelFailed(logger, e, endpointName, variant.Name);
            error = new DecodeError(500, "The model failed while predicting: " + e.Message);
        }
        finally
        {
            answered = ticket.TryComplete();
            reader.AdvanceTo(read.Buffer.End);
        }

        if (!answered)
        {
            // The watchdog timed this invocation out and answered it while this thread was still in the model.
            await ticket.TimedOutAnswer().ConfigureAwait(false);
            return;
        }

        var finished = Stopwatch.GetTimestamp();
        var modelMicros = (long)((finished - modelStarted) / TicksPerMicrosecond);
        var overheadMicros = (long)((modelStarted - started) / TicksPerMicrosecond);
        var outcome = error is null ? InvocationOutcome.Success : error.StatusCode >= 500 ? InvocationOutcome.ServerError : InvocationOutcome.ClientError;
        variant.Metrics.RecordInvocation(outcome, modelMicros, overheadMicros, queueingLatencyMicros: 0, variant.Instances.Length, finished);

        response.Headers["x-Amzn-Invoked-Production-Variant"] = variant.Name;
        var customAttributes = request.Headers["X-Amzn-SageMaker-Custom-Attributes"];
        if (!StringValues.IsNullOrEmpty(customAttributes))
        {
            response.Headers["X-Amzn-SageMaker-Custom-Attributes"] = customAttributes;
        }

        if (error is not null)
        {
            Log.InvocationFailed(logger, requestId, endpointName, variant.Name, inferenceId.ToString(), error.StatusCode, error.Message);
            await RuntimeErrors.WriteModelErrorAsync(context, endpointName, options.Region, options.AccountId, error.StatusCode, error.Message).ConfigureAwait(false);
            return;
        }

        response.StatusCode = 200;
        response.ContentType = responseContentType;
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// Admits the request to the least-busy instance, or to any other with room when that one filled up
    /// meanwhile. False when every instance of the variant is at capacity.
    /// </summary>
    private bool TryAdmit(VariantRoute variant, HttpContext context, uint spread, out ModelInstance instance, out InvocationTicket ticket)
    {
        instance = variant.PickInstance(spread);
        if (instance.TryAdmit(CapacityOf(instance), context, out ticket))
        {
            return true;
        }

        foreach (var other in variant.Instances)
        {
            if (other != instance && other.TryAdmit(CapacityOf(other), context, out ticket))
            {
                instance = other;
                return true;
            }
        }

        return false;
    }

    /// <summary>The instance's own capacity from its instance type; instances built without one use the server default.</summary>
    private int CapacityOf(ModelInstance instance) => instance.Capacity > 0 ? instance.Capacity : _instanceCapacity;

    private Task ThrottleAsync(HttpContext context, string requestId, string endpointName, VariantRoute variant)
    {
        overloadStats?.Throttled(endpointName, variant.Name);
        var capacity = CapacityOf(variant.Instances[0]);
        Log.Throttled(logger, requestId, endpointName, variant.Name, variant.Instances.Length, capacity);
        context.Response.Headers["x-Amzn-Invoked-Production-Variant"] = variant.Name;
        context.Response.Headers.RetryAfter = "1";
        return RuntimeErrors.WriteAsync(context, 503, "ServiceUnavailable",
            $"Variant {variant.Name} of endpoint {endpointName} is at capacity: each of its {variant.Instances.Length} instance(s) holds {capacity} requests. Retry with backoff, or add instances with UpdateEndpointWeightsAndCapacities.");
    }

    /// <summary>
    /// The watchdog's answer for an invocation stuck in the model past --model-timeout: ModelError, and the
    /// connection closed since its request thread may never come back to serve another request on it.
    /// </summary>
    public async Task AnswerTimedOutAsync(object owner, string endpointName, VariantRoute variant, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(variant);
        var context = (HttpContext)owner;
        var response = context.Response;
        overloadStats?.TimedOut(endpointName, variant.Name);
        variant.Metrics.RecordInvocation(InvocationOutcome.ServerError, (long)elapsed.TotalMicroseconds, 0, queueingLatencyMicros: 0, variant.Instances.Length, Stopwatch.GetTimestamp());
        var message = $"The model did not answer within {elapsed.TotalSeconds:F1} s (--model-timeout); the instance was replaced.";
        Log.InvocationFailed(logger, response.Headers["x-amzn-RequestId"].ToString(), endpointName, variant.Name, context.Request.Headers["X-Amzn-SageMaker-Inference-Id"].ToString(), 504, message);
        response.Headers["x-Amzn-Invoked-Production-Variant"] = variant.Name;
        response.Headers.Connection = "close";
        await RuntimeErrors.WriteModelErrorAsync(context, endpointName, options.Region, options.AccountId, 504, message).ConfigureAwait(false);
        await response.CompleteAsync().ConfigureAwait(false);
    }

    private Task RejectAsync(HttpContext context, string requestId, string endpointName, string message)
    {
        Log.Rejected(logger, requestId, endpointName, context.Request.Headers["X-Amzn-SageMaker-Inference-Id"].ToString(), message);
        return RuntimeErrors.WriteAsync(context, 400, "ValidationError", message);
    }

    private static DecodeError? Run(VariantRoute variant, ModelInstance instance, ReadOnlySequence<byte> body, string? contentType, StringValues accept, PooledByteWriter output, out string responseContentType)
    {
        // Several Accept headers are one list (RFC 9110); a single one passes through without allocating.
        var acceptList = accept.Count > 1 ? accept.ToString() : accept.Count == 1 ? accept[0] : null;
        if (body.IsSingleSegment)
        {
            return Invocation.Run(variant, instance, body.FirstSpan, contentType, acceptList, output, out responseContentType);
        }

        var length = (int)body.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(copy);
            return Invocation.Run(variant, instance, copy.AsSpan(0, length), contentType, acceptList, output, out responseContentType);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static string PayloadTooLarge(long length) =>
        $"The request payload is {length} bytes; the limit is {MaxPayloadBytes} bytes (6 MB). Split the rows over several requests.";

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Invocation {RequestId} of {Endpoint}/{Variant} (inference id {InferenceId}) failed with {Status}: {Message}")]
        public static partial void InvocationFailed(ILogger logger, string requestId, string endpoint, string variant, string inferenceId, int status, string message);

        [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "Invocation {RequestId} of {Endpoint} (inference id {InferenceId}) refused: {Message}")]
        public static partial void Rejected(ILogger logger, string requestId, string endpoint, string inferenceId, string message);

        [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Invocation {RequestId} of {Endpoint}/{Variant} refused with 503: all {Instances} instance(s) hold {Capacity} requests")]
        public static partial void Throttled(ILogger logger, string requestId, string endpoint, string variant, int instances, int capacity);

        [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Model of {Endpoint}/{Variant} threw")]
        public static partial void ModelFailed(ILogger logger, Exception exception, string endpoint, string variant);
    }
}
