namespace Turnout.Analysis.Comparison;

/// <summary>
/// Entry point: per-variant quality and comparison with the baseline from per-variant observations. Used by
/// <c>turnout evaluate</c> (offline replay, paired) and meant for <c>turnout report</c> (captured traffic).
/// </summary>
public static class VariantComparer
{
    public static EvaluationReport Evaluate(ProblemKind kind, IReadOnlyList<VariantObservations> variants, ComparisonOptions? options = null)
    {
        options ??= new ComparisonOptions();
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0)
        {
            throw new ArgumentException("No variants to evaluate.", nameof(variants));
        }

        var primary = options.PrimaryMetric ?? MetricNames.DefaultPrimary(kind);
        if (!MetricNames.For(kind).Contains(primary))
        {
            throw new ArgumentException($"Metric '{primary}' does not apply to {kind} models; use one of {string.Join(", ", MetricNames.For(kind))}.");
        }

        var data = variants.Select(v => VariantData.Create(v, kind, options)).ToArray();
        var baselineName = options.Baseline ?? data[0].Name;
        var baseline = data.FirstOrDefault(d => d.Name == baselineName)
            ?? throw new ArgumentException($"Baseline variant '{baselineName}' is not among {string.Join(", ", data.Select(d => d.Name))}.");
        if (options.Paired)
        {
            CheckPaired(data, baseline);
        }

        var reports = new List<VariantReport>(data.Length);
        foreach (var d in data)
        {
            if (ReferenceEquals(d, baseline))
            {
                reports.Add(new VariantReport(d.Name, d.Count, d.Binary, d.Regression, d.Multiclass, [],
                    new Recommendation(Verdict.Baseline, d.Name, primary, $"{d.Name} is the baseline.")));
                continue;
            }

            var comparisons = new ComparisonBuilder(d, baseline, kind, options).Build();
            var main = comparisons.First(c => c.Metric.Name == primary);
            reports.Add(new VariantReport(d.Name, d.Count, d.Binary, d.Regression, d.Multiclass, comparisons,
                RecommendationWriter.ForVariant(d.Name, baseline.Name, main, options)));
        }

        return new EvaluationReport(kind, baseline.Name, primary, options, reports, RecommendationWriter.Overall(reports, baseline.Name, primary));
    }

    private static void CheckPaired(VariantData[] data, VariantData baseline)
    {
        foreach (var d in data)
        {
            if (d.Count != baseline.Count || !d.Labels.AsSpan().SequenceEqual(baseline.Labels))
            {
                throw new ArgumentException($"Paired comparison needs every variant to score the same labelled rows in the same order; '{d.Name}' differs from '{baseline.Name}'.");
            }
        }
    }
}
