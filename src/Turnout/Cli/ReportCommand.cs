using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Turnout.Cli;

/// <summary>
/// <c>turnout report</c>: the A/B comparison from live traffic — captured predictions joined with uploaded
/// ground truth — as the server's report API computes it.
/// </summary>
internal static class ReportCommand
{
    private static readonly string[] Shown = ["accuracy", "precision", "recall", "f1", "roc_auc", "rmse", "mae", "r2", "macro_f1"];

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "Endpoint name.", Required = true };
        var baseline = new Option<string?>("--baseline") { Description = "Variant the others are compared with (default: the first)." };
        var threshold = new Option<double>("--threshold") { Description = "Binary models: a score strictly above it is class 1.", DefaultValueFactory = _ => 0.5 };
        var since = new Option<string?>("--since") { Description = "Only traffic of the last duration, e.g. 30m, 6h, 2d." };
        var problem = new Option<string>("--problem") { Description = "binary, regression or multiclass.", DefaultValueFactory = _ => "binary" };
        var url = new Option<string>("--endpoint-url") { Description = "Turnout server URL.", DefaultValueFactory = _ => Client.GlobalOptions.EnvironmentUrl };
        var output = new Option<string>("--output") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("report", """
            Compare an endpoint's variants on live traffic: its captured predictions joined with the ground truth
            uploaded by `turnout ground-truth upload`. The endpoint needs a DataCaptureConfig.

            Exit codes: 0 done, 2 usage error, 3 endpoint or server error.

            Examples:
              turnout report --endpoint churn-ab
              turnout report --endpoint churn-ab --since 6h --baseline Variant1 --output json
            """)
        {
            endpoint, baseline, threshold, since, problem, url, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<string>
            {
                "threshold=" + parse.GetValue(threshold).ToString(CultureInfo.InvariantCulture),
                "problem=" + Uri.EscapeDataString(parse.GetValue(problem)!),
            };
            if (parse.GetValue(baseline) is { } b)
            {
                query.Add("baseline=" + Uri.EscapeDataString(b));
            }

            if (parse.GetValue(since) is { } s)
            {
                if (!TryDuration(s, out var window))
                {
                    await Console.Error.WriteLineAsync($"--since {s}: give a duration such as 30m, 6h or 2d.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                query.Add("from=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.Subtract(window).ToString("O", CultureInfo.InvariantCulture)));
            }

            var path = $"api/endpoints/{Uri.EscapeDataString(parse.GetValue(endpoint)!)}/report?{string.Join('&', query)}";
            var (ok, body) = await ServerApi.SendAsync(parse.GetValue(url)!, HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                await Console.Error.WriteLineAsync(body).ConfigureAwait(false);
                return ExitCodes.Endpoint;
            }

            if (parse.GetValue(output) == "json")
            {
                Console.Out.WriteLine(body);
                return ExitCodes.Ok;
            }

            WriteTable(Console.Out, body);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void WriteTable(TextWriter writer, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var variants = doc.RootElement.GetProperty("variants").EnumerateArray().ToList();
        var metrics = Shown.Where(m => variants.Any(v => v.GetProperty("metrics").TryGetProperty(m, out var x) && x.ValueKind == JsonValueKind.Number)).ToList();
        writer.WriteLine(string.Join("  ", new[] { "variant".PadRight(12), "rows".PadLeft(6) }.Concat(metrics.Select(m => m.PadLeft(10)))));
        foreach (var v in variants)
        {
            var cells = new List<string> { v.GetProperty("name").GetString()!.PadRight(12), v.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture).PadLeft(6) };
            foreach (var m in metrics)
            {
                var value = v.GetProperty("metrics").TryGetProperty(m, out var x) && x.ValueKind == JsonValueKind.Number ? x.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture) : "-";
                cells.Add(value.PadLeft(10));
            }

            writer.WriteLine(string.Join("  ", cells));
        }

        writer.WriteLine();
        foreach (var v in variants)
        {
            if (v.TryGetProperty("recommendation", out var r) && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("message", out var message))
            {
                writer.WriteLine($"{v.GetProperty("name").GetString()}: {message.GetString()}");
            }
        }
    }

    internal static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        duration = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }
}
