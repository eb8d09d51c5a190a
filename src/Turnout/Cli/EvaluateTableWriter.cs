using System.Globalization;
using Spectre.Console;
using Turnout.Analysis.Comparison;

namespace Turnout.Cli;

/// <summary><c>turnout evaluate</c>'s default output: variants side by side, differences with intervals, the verdict.</summary>
internal static class EvaluateTableWriter
{
    public static void Write(TextWriter output, bool interactive, string endpoint, int rows, EvaluationReport report)
    {
        interactive &= !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!interactive)
        {
            console.Profile.Width = 200;
        }

        var challengers = report.Variants.Where(v => v.Variant != report.Baseline).ToArray();
        var threshold = report.Kind == Analysis.ProblemKind.Binary ? $", positive when score > {Fmt(report.Options.Threshold)}" : "";
        var table = new Table { Border = TableBorder.Rounded };
        table.Title($"{Markup.Escape(endpoint)}: {rows} labelled rows{threshold}");
        table.AddColumn("metric");
        foreach (var v in report.Variants)
        {
            table.AddColumn(new TableColumn(Markup.Escape(v.Variant == report.Baseline ? v.Variant + " (baseline)" : v.Variant)).RightAligned());
        }

        foreach (var c in challengers)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"{c.Variant} − {report.Baseline} [{report.Options.Confidence * 100:0}% CI]")).RightAligned());
            table.AddColumn(new TableColumn("p").RightAligned());
        }

        foreach (var metric in MetricNames.For(report.Kind))
        {
            var info = MetricNames.Info(metric);
            var name = metric == report.PrimaryMetric ? $"[bold]{Markup.Escape(info.DisplayName)}[/]" : Markup.Escape(info.DisplayName);
            var cells = new List<string> { name + (info.HigherIsBetter ? "" : " ↓") };
            cells.AddRange(report.Variants.Select(v => Fmt(v.Value(metric), 4)));
            foreach (var c in challengers)
            {
                var m = c.Comparisons.First(x => x.Metric.Name == metric);
                cells.Add(Markup.Escape($"{Signed(m.Difference)} [{Fmt(m.Interval.Lower)}, {Fmt(m.Interval.Upper)}]"));
                cells.Add(double.IsNaN(m.PValue) ? "n/a" : m.PValue < 0.001 ? "<0.001" : m.PValue.ToString("0.000", CultureInfo.InvariantCulture));
            }

            table.AddRow(cells.ToArray());
        }

        if (report.Kind == Analysis.ProblemKind.Binary)
        {
            var cells = new List<string> { "TP / FP / TN / FN" };
            cells.AddRange(report.Variants.Select(v => v.Binary!.Confusion is var m ? $"{m.TruePositives} / {m.FalsePositives} / {m.TrueNegatives} / {m.FalseNegatives}" : ""));
            cells.AddRange(challengers.SelectMany(_ => new[] { "", "" }));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
        var methods = challengers.SelectMany(v => v.Comparisons)
            .GroupBy(c => c.Method)
            .Select(g => $"  {string.Join(", ", g.Select(c => c.Metric.DisplayName).Distinct())}: {g.Key}");
        console.MarkupLine($"[grey]↓ lower is better. Intervals and p-values (bootstrap: {report.Options.BootstrapResamples} resamples, seed {report.Options.Seed}):[/]");
        foreach (var line in methods)
        {
            console.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }

        foreach (var c in challengers)
        {
            var m = c.Comparisons.First(x => x.Metric.Name == report.PrimaryMetric);
            console.MarkupLine($"[grey]{Markup.Escape(c.Variant)} on {Markup.Escape(m.Metric.DisplayName)}, always-valid (mSPRT, τ = {Fmt(m.Sequential.Tau)}): p = {Fmt(m.Sequential.AlwaysValidPValue)}, " +
                $"interval {Markup.Escape($"[{Fmt(m.Sequential.AlwaysValidInterval.Lower)}, {Fmt(m.Sequential.AlwaysValidInterval.Upper)}]")} — the numbers to watch if you re-run this as data arrives.[/]");
        }

        console.WriteLine();
        var colour = report.Recommendation.Verdict switch
        {
            Verdict.Ship => "green",
            Verdict.KeepBaseline => "yellow",
            _ => "blue",
        };
        console.MarkupLine($"[bold {colour}]{Markup.Escape(report.Recommendation.Message)}[/]");
    }

    private static string Signed(double x) => double.IsNaN(x) ? "n/a" : (x >= 0 ? "+" : "") + Fmt(x);

    private static string Fmt(double x, int decimals = 3) =>
        double.IsNaN(x) ? "n/a" : Math.Abs(x) >= 1e6 || (x != 0 && Math.Abs(x) < Math.Pow(10, -decimals))
            ? x.ToString("0.##e+0", CultureInfo.InvariantCulture)
            : x.ToString("0." + new string('0', decimals), CultureInfo.InvariantCulture);
}
