using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Turnout.Analysis;
using Turnout.Analysis.Comparison;
using Turnout.Analysis.Reporting;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Analysis;
using Turnout.Storage;

namespace Turnout.Wire.Analysis;

/// <summary>
/// Turnout's own JSON API for deciding an A/B test from live traffic: ground truth in Model Monitor's
/// record format, and the per-variant report from captured predictions joined with it.
/// </summary>
public sealed class AnalysisApi(EndpointObservations observations, CustomMetricComparison customMetrics, IGroundTruthStore groundTruth, IControlPlaneStore store, ControlPlaneOptions options, TimeProvider time)
{
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    /// <summary>
    /// <c>POST /api/endpoints/{name}/ground-truth</c>: JSON lines of
    /// <c>{"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"…"},"eventVersion":"0"}</c>,
    /// the eventId being the capture's eventId or the InferenceId the caller sent. Valid lines are stored;
    /// invalid ones are listed with their line number.
    /// </summary>
    public async Task PostGroundTruthAsync(HttpContext context, string endpointName)
    {
        if (store.GetEndpoint(endpointName) is null)
        {
            await ErrorAsync(context, 400, $"Could not find endpoint \"{options.EndpointArn(endpointName)}\".").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await ErrorAsync(context, 400, $"The ground-truth upload is larger than {MaxBodyBytes} bytes; send it in parts.").ConfigureAwait(false);
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var labels = new List<(string, string)>();
        var rejected = new List<object>();
        var lineNumber = 0;
        while (await reader.ReadLineAsync(context.RequestAborted).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (TryParseRecord(line, out var key, out var label, out var reason))
            {
                labels.Add((key, label));
            }
            else
            {
                rejected.Add(new { Line = lineNumber, Reason = reason });
            }
        }

        var accepted = labels.Count == 0 ? 0 : groundTruth.UpsertLabels(endpointName, labels, time.GetUtcNow());
        context.Response.StatusCode = accepted == 0 && rejected.Count > 0 ? 400 : 200;
        await context.Response.WriteAsJsonAsync(new { Accepted = accepted, Rejected = rejected }).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/endpoints/{name}/report?threshold=&amp;baseline=&amp;problem=&amp;from=&amp;to=&amp;minimumEffect=</c>.</summary>
    public async Task GetReportAsync(HttpContext context, string endpointName)
    {
        var query = context.Request.Query;
        try
        {
            var kind = query["problem"].ToString() switch
            {
                "" or "binary" => ProblemKind.Binary,
                "regression" => ProblemKind.Regression,
                "multiclass" => ProblemKind.Multiclass,
                var other => throw ControlPlaneException.Validation($"problem must be binary, regression or multiclass, not \"{other}\"."),
            };
            var collected = observations.Collect(endpointName, Time(query["from"]), Time(query["to"]));
            var comparisonOptions = new ComparisonOptions
            {
                Threshold = Number(query["threshold"]) ?? 0.5,
                Baseline = query["baseline"].ToString() is { Length: > 0 } baseline ? baseline : null,
                MinimumDetectableEffect = Number(query["minimumEffect"]) ?? 0.02,
                Sequential = true,
                Paired = false,
            };
            var report = VariantComparer.Evaluate(kind, collected.Variants, comparisonOptions);
            context.Response.ContentType = "application/json";
            using var buffer = new MemoryStream();
            ReportJsonWriter.Write(buffer, endpointName, report);
            await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (ControlPlaneException e)
        {
            await ErrorAsync(context, 400, e.Message).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await ErrorAsync(context, 400, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary><c>GET /api/endpoints/{name}/metric-comparison?namespace=&amp;metric=&amp;baseline=&amp;from=&amp;to=</c>: a PutMetricData rate per variant.</summary>
    public async Task GetMetricComparisonAsync(HttpContext context, string endpointName)
    {
        var query = context.Request.Query;
        try
        {
            var ns = query["namespace"].ToString();
            var metric = query["metric"].ToString();
            if (ns.Length == 0 || metric.Length == 0)
            {
                throw ControlPlaneException.Validation("Give namespace and metric: the PutMetricData namespace and metric name, sent with EndpointName and VariantName dimensions.");
            }

            var result = customMetrics.Compare(endpointName, ns, metric, query["baseline"].ToString() is { Length: > 0 } b ? b : null,
                Time(query["from"]), Time(query["to"]), Number(query["minimumEffect"]) ?? 0.02);
            await context.Response.WriteAsJsonAsync(new
            {
                result.Namespace,
                Metric = result.MetricName,
                result.From,
                result.To,
                Variants = result.Variants.Select(v => new { v.Variant, v.Trials, v.Successes, Rate = Finite(v.Rate), Lower = Finite(v.Interval.Lower), Upper = Finite(v.Interval.Upper) }),
                Differences = result.Differences.Select(d => new
                {
                    d.Variant,
                    d.Baseline,
                    Difference = Finite(d.Value),
                    Lower = Finite(d.Interval.Lower),
                    Upper = Finite(d.Interval.Upper),
                    PValue = Finite(d.PValue),
                    AlwaysValidPValue = Finite(d.AlwaysValidPValue),
                    d.Significant,
                }),
            }).ConfigureAwait(false);
        }
        catch (ControlPlaneException e)
        {
            await ErrorAsync(context, 400, e.Message).ConfigureAwait(false);
        }
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    internal static bool TryParseRecord(string line, out string key, out string label, out string reason)
    {
        key = label = reason = string.Empty;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("eventMetadata", out var meta) || !meta.TryGetProperty("eventId", out var id) || id.GetString() is not { Length: > 0 } eventId)
            {
                reason = "eventMetadata.eventId is missing: give the capture's eventId or the InferenceId you invoked with.";
                return false;
            }

            if (!root.TryGetProperty("groundTruthData", out var data) || !data.TryGetProperty("data", out var value))
            {
                reason = "groundTruthData.data is missing.";
                return false;
            }

            var encoding = data.TryGetProperty("encoding", out var enc) ? enc.GetString() : "CSV";
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            if (encoding == "BASE64")
            {
                text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }

            text = text.Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                reason = $"groundTruthData.data \"{text}\" is not a number; labels are numbers (0/1, a class id or a value).";
                return false;
            }

            key = eventId;
            label = text;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            reason = "not a JSON ground-truth record: " + e.Message;
            return false;
        }
    }

    private static double? Number(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 0 ? null
        : double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
        : throw ControlPlaneException.Validation($"\"{value}\" is not a number.");

    private static DateTimeOffset? Time(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 0 ? null
        : DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw ControlPlaneException.Validation($"\"{value}\" is not an ISO-8601 time.");

    private static async Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["__type"] = "ValidationException", ["message"] = message }).ConfigureAwait(false);
    }
}
