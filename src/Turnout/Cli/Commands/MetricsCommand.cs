using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Turnout.Cli.Client;
using Turnout.Cli.Parsing;

namespace Turnout.Cli.Commands;

/// <summary>
/// <c>turnout metrics NAME</c>: per-variant invocations, errors and latency over a window, read through the
/// CloudWatch API (GetMetricStatistics, namespace AWS/SageMaker) the way a CloudWatch dashboard would.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var name = ClientCommand.NameArgument("Endpoint name.", "ListEndpoints", "Endpoints", "EndpointName");
        var variant = new Option<string?>("--variant") { Description = "Only this variant (default: every variant of the endpoint)." };
        var since = new Option<string>("--since") { Description = "Window ending now, e.g. 15m, 1h, 1d.", DefaultValueFactory = _ => "1h" };
        return ClientCommand.Create("metrics", "metrics", """
            Per-variant traffic and latency over a window: invocations, share of traffic, 4XX and 5XX errors,
            ModelLatency average, p50 and p99 (µs), from the server's CloudWatch API.

            Examples:
              turnout metrics churn-ab
              turnout metrics churn-ab --variant Variant2 --since 15m
              turnout metrics churn-ab --since 1d -o json
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            var window = Durations.Parse(parse.GetValue(since)!, "--since");
            if (window < TimeSpan.FromMinutes(1) || window > TimeSpan.FromDays(455))
            {
                throw new UsageException($"--since {parse.GetValue(since)}: give a window from 1m to 455d.");
            }

            var described = await client.SageMakerAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = endpoint }, ct).ConfigureAwait(false);
            var variants = (described["ProductionVariants"]?.AsArray() ?? []).Select(v => v?["VariantName"]?.ToString()).OfType<string>().ToList();
            if (parse.GetValue(variant) is { } only)
            {
                if (!variants.Contains(only))
                {
                    throw new NotFoundException($"endpoint {endpoint} has no variant {only} (it has {string.Join(", ", variants)}).");
                }

                variants = [only];
            }

            var end = DateTimeOffset.UtcNow;
            var start = end - window;
            var rows = new List<VariantMetrics>();
            foreach (var v in variants)
            {
                rows.Add(await ReadAsync(client, endpoint, v, start, end, ct).ConfigureAwait(false));
            }

            var total = rows.Sum(r => r.Invocations);
            if (printer.Json)
            {
                printer.WriteJson(new JsonObject
                {
                    ["EndpointName"] = endpoint,
                    ["StartTime"] = start.ToString("O", CultureInfo.InvariantCulture),
                    ["EndTime"] = end.ToString("O", CultureInfo.InvariantCulture),
                    ["Variants"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                    {
                        ["VariantName"] = r.Variant,
                        ["Invocations"] = r.Invocations,
                        ["Invocation4XXErrors"] = r.Errors4xx,
                        ["Invocation5XXErrors"] = r.Errors5xx,
                        ["ModelLatencyAverage"] = r.LatencyAverage,
                        ["ModelLatencyP50"] = r.LatencyP50,
                        ["ModelLatencyP99"] = r.LatencyP99,
                    }).ToArray()),
                });
                return ExitCodes.Ok;
            }

            printer.Table(["variant", "invocations", "share", "4xx", "5xx", "latency avg", "p50", "p99"], rows.Select(r => (IReadOnlyList<string>)
            [
                r.Variant, Number(r.Invocations), total > 0 ? (r.Invocations / total).ToString("0.0%", CultureInfo.InvariantCulture) : "-",
                Number(r.Errors4xx), Number(r.Errors5xx), Micros(r.LatencyAverage), Micros(r.LatencyP50), Micros(r.LatencyP99),
            ]), $"{endpoint}, last {Durations.Format(window)} (ModelLatency in µs; p99 is the worst period's)");
            return ExitCodes.Ok;
        }, name, variant, since);
    }

    internal sealed record VariantMetrics(string Variant, double Invocations, double Errors4xx, double Errors5xx, double? LatencyAverage, double? LatencyP50, double? LatencyP99);

    /// <summary>One period spanning the window (rounded up to whole minutes), so each statistic is a single datapoint.</summary>
    public static async Task<VariantMetrics> ReadAsync(TurnoutClient client, string endpoint, string variant, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var period = (int)Math.Ceiling((end - start).TotalSeconds / 60) * 60;
        async Task<JsonArray> Points(string metric, JsonArray? statistics, JsonArray? extended)
        {
            var input = new JsonObject
            {
                ["Namespace"] = "AWS/SageMaker",
                ["MetricName"] = metric,
                ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "EndpointName", ["Value"] = endpoint }, new JsonObject { ["Name"] = "VariantName", ["Value"] = variant }),
                ["StartTime"] = start.ToUnixTimeSeconds(),
                ["EndTime"] = end.ToUnixTimeSeconds() + 60,
                ["Period"] = period,
            };
            if (statistics is not null)
            {
                input["Statistics"] = statistics;
            }

            if (extended is not null)
            {
                input["ExtendedStatistics"] = extended;
            }

            var answer = await client.CloudWatchAsync("GetMetricStatistics", input, ct).ConfigureAwait(false);
            return answer["Datapoints"]?.AsArray() ?? [];
        }

        static double Sum(JsonArray points) => points.Sum(p => p?["Sum"]?.GetValue<double>() ?? 0);

        var invocations = await Points("Invocations", ["Sum"], null).ConfigureAwait(false);
        var errors4 = await Points("Invocation4XXErrors", ["Sum"], null).ConfigureAwait(false);
        var errors5 = await Points("Invocation5XXErrors", ["Sum"], null).ConfigureAwait(false);
        var latency = await Points("ModelLatency", ["Average", "SampleCount"], null).ConfigureAwait(false);
        var percentiles = await Points("ModelLatency", null, ["p50", "p99"]).ConfigureAwait(false);
        double? average = null, p50 = null, p99 = null;
        var samples = latency.Sum(p => p?["SampleCount"]?.GetValue<double>() ?? 0);
        if (samples > 0)
        {
            average = latency.Sum(p => (p?["Average"]?.GetValue<double>() ?? 0) * (p?["SampleCount"]?.GetValue<double>() ?? 0)) / samples;
            // Percentiles do not add up across periods: the busiest period's p50 and the worst p99.
            var busiest = latency.MaxBy(p => p?["SampleCount"]?.GetValue<double>() ?? 0)?["Timestamp"]?.ToJsonString();
            p50 = percentiles.FirstOrDefault(p => p?["Timestamp"]?.ToJsonString() == busiest)?["ExtendedStatistics"]?["p50"]?.GetValue<double>()
                ?? percentiles.FirstOrDefault()?["ExtendedStatistics"]?["p50"]?.GetValue<double>();
            p99 = percentiles.Max(p => p?["ExtendedStatistics"]?["p99"]?.GetValue<double>());
        }

        return new VariantMetrics(variant, Sum(invocations), Sum(errors4), Sum(errors5), average, p50, p99);
    }

    private static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string Micros(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";
}
