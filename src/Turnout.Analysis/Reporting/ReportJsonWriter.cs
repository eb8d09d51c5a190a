using System.Text.Encodings.Web;
using System.Text.Json;
using Turnout.Analysis.Comparison;
using Turnout.Analysis.Statistics;

namespace Turnout.Analysis.Reporting;

/// <summary>
/// The evaluation report as JSON, for scripts (<c>turnout evaluate/report --output json</c>) and the report API. Undefined numbers (e.g. ROC AUC with one
/// class) are null; field names are snake_case and stable.
/// </summary>
public static class ReportJsonWriter
{
    public static void Write(Stream stream, string endpoint, EvaluationReport report)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("endpoint", endpoint);
        w.WriteString("problem", report.Kind.ToString().ToLowerInvariant());
        w.WriteString("baseline", report.Baseline);
        w.WriteString("primary_metric", report.PrimaryMetric);
        w.WriteNumber("threshold", report.Options.Threshold);
        w.WriteString("positive_when", "score > threshold");
        w.WriteNumber("confidence", report.Options.Confidence);
        w.WriteNumber("minimum_detectable_effect", report.Options.MinimumDetectableEffect);
        w.WriteBoolean("paired", report.Options.Paired);
        w.WriteStartArray("variants");
        foreach (var v in report.Variants)
        {
            w.WriteStartObject();
            w.WriteString("name", v.Variant);
            w.WriteNumber("count", v.Count);
            w.WriteStartObject("metrics");
            foreach (var metric in MetricNames.For(report.Kind))
            {
                Number(w, metric, v.Value(metric));
            }

            w.WriteEndObject();
            if (v.Binary is { } b)
            {
                w.WriteStartObject("confusion_matrix");
                w.WriteNumber("tp", b.Confusion.TruePositives);
                w.WriteNumber("fp", b.Confusion.FalsePositives);
                w.WriteNumber("tn", b.Confusion.TrueNegatives);
                w.WriteNumber("fn", b.Confusion.FalseNegatives);
                w.WriteEndObject();
            }

            w.WritePropertyName("recommendation");
            Recommendation(w, v.Recommendation);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("comparisons");
        foreach (var v in report.Variants)
        {
            foreach (var c in v.Comparisons)
            {
                Comparison(w, v.Variant, report.Baseline, c);
            }
        }

        w.WriteEndArray();
        w.WritePropertyName("recommendation");
        Recommendation(w, report.Recommendation);
        w.WriteEndObject();
    }

    private static void Comparison(Utf8JsonWriter w, string variant, string baseline, MetricComparison c)
    {
        w.WriteStartObject();
        w.WriteString("variant", variant);
        w.WriteString("baseline", baseline);
        w.WriteString("metric", c.Metric.Name);
        w.WriteBoolean("higher_is_better", c.Metric.HigherIsBetter);
        Number(w, "baseline_value", c.BaselineValue);
        Number(w, "variant_value", c.VariantValue);
        Number(w, "difference", c.Difference);
        Interval(w, "ci", c.Interval);
        Number(w, "p_value", c.PValue);
        w.WriteString("method", c.Method);
        Number(w, "standard_error", c.StandardError);
        w.WriteStartObject("sequential");
        w.WriteString("test", "mSPRT, normal mixture");
        Number(w, "tau", c.Sequential.Tau);
        Number(w, "likelihood_ratio", c.Sequential.LikelihoodRatio);
        Number(w, "always_valid_p_value", c.Sequential.AlwaysValidPValue);
        Interval(w, "always_valid_ci", c.Sequential.AlwaysValidInterval);
        w.WriteBoolean("rejects_null", c.Sequential.RejectsNull);
        w.WriteEndObject();
        Number(w, "minimum_effect", c.MinimumEffect);
        if (c.AdditionalRowsPerVariant is { } rows)
        {
            w.WriteNumber("additional_rows_per_variant", rows);
        }
        else
        {
            w.WriteNull("additional_rows_per_variant");
        }

        w.WriteEndObject();
    }

    private static void Recommendation(Utf8JsonWriter w, Recommendation r)
    {
        w.WriteStartObject();
        w.WriteString("verdict", r.Verdict switch
        {
            Verdict.Ship => "ship",
            Verdict.KeepBaseline => "keep_baseline",
            Verdict.NoMeaningfulDifference => "no_meaningful_difference",
            Verdict.Baseline => "baseline",
            _ => "keep_collecting",
        });
        w.WriteString("variant", r.Variant);
        w.WriteString("metric", r.Metric);
        w.WriteString("message", r.Message);
        w.WriteEndObject();
    }

    private static void Interval(Utf8JsonWriter w, string name, Interval interval)
    {
        w.WriteStartArray(name);
        Value(w, interval.Lower);
        Value(w, interval.Upper);
        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        Value(w, value);
    }

    private static void Value(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
