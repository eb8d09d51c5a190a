using Turnout.Metrics;
using Turnout.Runtime.Capture;
using Turnout.Runtime.Codecs;

namespace Turnout.Runtime.Routing;

/// <summary>An immutable view of one production variant as the hot path needs it.</summary>
public sealed class VariantRoute
{
    public VariantRoute(string name, string modelName, float weight, ModelInstance[] instances, OutputStyle outputStyle, VariantMetrics metrics, bool acceptsOneFewerColumn, string? defaultAccept = null, VariantCapture? capture = null, float missingValue = float.NaN)
    {
        ArgumentOutOfRangeException.ThrowIfZero(instances.Length);
        Name = name;
        ModelName = modelName;
        Weight = weight;
        Instances = instances;
        OutputStyle = outputStyle;
        Metrics = metrics;
        AcceptsOneFewerColumn = acceptsOneFewerColumn;
        DefaultAccept = defaultAccept;
        Capture = capture;
        MissingValue = missingValue;
    }

    public string Name { get; }
    public string ModelName { get; }
    public float Weight { get; }
    public ModelInstance[] Instances { get; }
    public OutputStyle OutputStyle { get; }
    public VariantMetrics Metrics { get; }

    /// <summary>The container lets pickled models take one column fewer than num_feature (the last is then missing).</summary>
    public bool AcceptsOneFewerColumn { get; }

    /// <summary>The model's SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: the answer's format for <c>*/*</c> or no Accept (null: text/csv).</summary>
    public string? DefaultAccept { get; }

    /// <summary>Data capture for this variant, or null when the endpoint does not capture.</summary>
    public VariantCapture? Capture { get; }

    /// <summary>A value that means missing, like DMatrix(missing=m) (TURNOUT_MISSING_VALUE); NaN (the default) is always missing.</summary>
    public float MissingValue { get; }

    public int FeatureCount => Instances[0].Predictor.FeatureCount;

    /// <summary>The least-busy instance; the scan starts at a rotating offset so ties spread evenly.</summary>
    public ModelInstance PickInstance(uint spread)
    {
        var instances = Instances;
        if (instances.Length == 1)
        {
            return instances[0];
        }

        var start = (int)(spread % (uint)instances.Length);
        var best = instances[start];
        var bestLoad = best.InFlight;
        for (var i = 1; i < instances.Length && bestLoad > 0; i++)
        {
            var candidate = instances[(start + i) % instances.Length];
            var load = candidate.InFlight;
            if (load < bestLoad)
            {
                best = candidate;
                bestLoad = load;
            }
        }

        return best;
    }

    /// <summary>A copy with another weight and instance set; the recorder and model stay.</summary>
    public VariantRoute With(float weight, ModelInstance[] instances) =>
        new(Name, ModelName, weight, instances, OutputStyle, Metrics, AcceptsOneFewerColumn, DefaultAccept, Capture, MissingValue);
}
