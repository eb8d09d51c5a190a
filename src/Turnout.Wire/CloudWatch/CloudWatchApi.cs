using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Cbor;
using Turnout.Wire.CloudWatch.Json;
using Turnout.Wire.CloudWatch.Model;
using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Operations;
using Turnout.Wire.CloudWatch.Operations.Alarms;
using Turnout.Wire.CloudWatch.Query;

namespace Turnout.Wire.CloudWatch;

/// <summary>
/// CloudWatch's API (GetMetricStatistics, ListMetrics, GetMetricData, PutMetricData) over the three wire protocols clients
/// use: awsQuery (form in, XML out; botocore &lt; 1.42.7, AWS CLI v2), smithy-rpc-v2-cbor (botocore ≥ 1.42.7)
/// and awsJson1_0. Each protocol decodes into the same plain structure, the operation binds and runs it,
/// and the output structure is encoded back in the caller's protocol. Bodies may be gzip-compressed
/// (<c>Content-Encoding: gzip</c>), as botocore's request compression does for large PutMetricData calls.
/// </summary>
public sealed class CloudWatchApi
{
    /// <summary>The awsJson/CBOR service id (X-Amz-Target prefix and CBOR path segment).</summary>
    public const string ServiceId = "GraniteServiceVersion20100801";

    private const string ApiVersion = "2010-08-01";
    private const int MaxBodyBytes = 4 << 20;

    // Bound on a decompressed body, so a small gzip bomb cannot exhaust memory.
    private const int MaxInflatedBytes = 16 << 20;

    private readonly FrozenDictionary<string, ICloudWatchOperation> _operations;

    public CloudWatchApi(MetricsHub hub, TimeProvider time, AlarmService? alarms = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        ICloudWatchOperation[] operations =
        [
            new GetMetricStatisticsOperation(hub),
            new ListMetricsOperation(hub, time),
            new GetMetricDataOperation(hub),
            new PutMetricDataOperation(hub, time),
            .. AlarmOperations(alarms, time),
        ];
        _operations = operations.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// True for a request that can only be CloudWatch's query protocol: POST with a form body and no
    /// X-Amz-Target. (SageMaker's control plane always sends X-Amz-Target; its runtime uses /endpoints/….)
    /// </summary>
    public static bool IsQueryRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && request.HasFormContentType
            && !request.Headers.ContainsKey("X-Amz-Target");
    }

    /// <summary>awsQuery: <c>POST /</c>, <c>Action=&lt;Op&gt;&amp;Version=2010-08-01&amp;…</c>; answers XML.</summary>
    public async Task HandleQueryAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = StartResponse(context);
        string? action = null;
        byte[] body;
        try
        {
            var parameters = new List<KeyValuePair<string, string>>();
            foreach (var (key, values) in context.Request.Query)
            {
                parameters.Add(new(key, values.ToString()));
            }

            if (context.Request.HasFormContentType)
            {
                // Parsed by hand rather than ReadFormAsync: a 1,000-datum PutMetricData has far more fields
                // than the form reader's default limit, and the body may be gzip-compressed.
                var text = System.Text.Encoding.UTF8.GetString(await ReadBodyAsync(context));
                foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text))
                {
                    parameters.Add(new(key, values.ToString()));
                }
            }

            var tree = QueryForm.ToTree(parameters);
            action = tree.GetValueOrDefault("Action") as string;
            if (string.IsNullOrEmpty(action))
            {
                throw new CloudWatchException(CloudWatchErrors.MissingAction, "The request must contain the parameter Action.");
            }

            if (tree.GetValueOrDefault("Version") is string version && version != ApiVersion)
            {
                throw CloudWatchException.Invalid($"The Version '{version}' is not supported; use {ApiVersion}.");
            }

            if (!_operations.TryGetValue(action, out var operation))
            {
                throw new CloudWatchException(CloudWatchErrors.InvalidAction, $"The action {action} is not valid for this web service.");
            }

            body = QueryXmlWriter.WriteResult(operation.Name, operation.Invoke(new WireInput(tree)), requestId);
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            context.Response.StatusCode = error.StatusCode;
            body = QueryXmlWriter.WriteError(error, requestId);
        }

        context.Response.ContentType = "text/xml";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>awsJson1_0: <c>POST /</c> with <c>X-Amz-Target: GraniteServiceVersion20100801.&lt;Op&gt;</c>.</summary>
    public async Task HandleJson10Async(HttpContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        StartResponse(context);
        byte[] body;
        try
        {
            var input = JsonInput.Parse(await ReadBodyAsync(context));
            body = JsonOutput.WriteResult(Find(operation).Invoke(new WireInput(input)));
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            WriteErrorHeaders(context, error);
            body = JsonOutput.WriteError(error);
        }

        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>smithy-rpc-v2-cbor: <c>POST /service/GraniteServiceVersion20100801/operation/&lt;Op&gt;</c>.</summary>
    public async Task HandleCborAsync(HttpContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        StartResponse(context);
        context.Response.Headers["smithy-protocol"] = "rpc-v2-cbor";
        byte[] body;
        try
        {
            var bytes = await ReadBodyAsync(context);
            var input = bytes.Length == 0
                ? null
                : CborReader.Decode(bytes) as Dictionary<string, object?>
                    ?? throw new CborFormatException("The request body must be a CBOR map.");
            body = CborOutput.WriteResult(Find(operation).Invoke(new WireInput(input)));
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            WriteErrorHeaders(context, error);
            body = CborOutput.WriteError(error);
        }

        context.Response.ContentType = "application/cbor";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static ICloudWatchOperation[] AlarmOperations(AlarmService? alarms, TimeProvider time) => alarms is null
        ? []
        :
        [
            new PutMetricAlarmOperation(alarms, time),
            new DescribeAlarmsOperation(alarms),
            new DeleteAlarmsOperation(alarms),
            new SetAlarmStateOperation(alarms),
            new DescribeAlarmHistoryOperation(alarms),
        ];

    private ICloudWatchOperation Find(string operation) =>
        _operations.TryGetValue(operation ?? string.Empty, out var found)
            ? found
            : throw new CloudWatchException(CloudWatchErrors.UnknownOperation, $"Unknown operation {operation}.", 404);

    private static string StartResponse(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        return requestId;
    }

    private static void WriteErrorHeaders(HttpContext context, CloudWatchException error)
    {
        context.Response.StatusCode = error.StatusCode;

        // CloudWatch is awsQueryCompatible: this header gives JSON/CBOR clients the query-protocol code.
        context.Response.Headers["x-amzn-query-error"] = $"{error.Code};{(error.SenderFault ? "Sender" : "Receiver")}";
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw CloudWatchException.Invalid($"The request body exceeds {MaxBodyBytes} bytes.");
        }

        var raw = await ReadLimitedAsync(context.Request.Body, MaxBodyBytes, context.RequestAborted);
        if (!IsGzip(context.Request))
        {
            return raw;
        }

        using var inflate = new System.IO.Compression.GZipStream(new MemoryStream(raw), System.IO.Compression.CompressionMode.Decompress);
        return await ReadLimitedAsync(inflate, MaxInflatedBytes, context.RequestAborted);
    }

    private static bool IsGzip(HttpRequest request) =>
        request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]> ReadLimitedAsync(Stream body, int limit, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw CloudWatchException.Invalid($"The request body exceeds {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    // Maps decoding failures to client errors and anything unexpected to InternalServiceError; lets
    // cancellation propagate.
    private static CloudWatchException? ToError(Exception ex) => ex switch
    {
        CloudWatchException cw => cw,
        OperationCanceledException => null,
        CborFormatException or JsonException or FormatException or InvalidDataException or BadHttpRequestException =>
            new CloudWatchException(CloudWatchErrors.Serialization, "The request body could not be decoded: " + ex.Message),
        _ => new CloudWatchException(CloudWatchErrors.InternalServiceError, "An internal error occurred.", 500, senderFault: false),
    };
}
