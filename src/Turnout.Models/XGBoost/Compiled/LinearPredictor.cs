using System.Buffers;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// gblinear: <c>psum = bias[g] + base_margin</c>, then <c>psum += x[f] * w[f * groups + g]</c> over present
/// features in increasing index, all float32 (gblinear.cc).
/// </summary>
internal sealed class LinearPredictor : IPredictor, IModelFootprint
{
    private const int StackGroups = 64;

    private readonly float[] _weights;
    private readonly float _baseMargin;
    private readonly int _groups;
    private readonly OutputTransform _transform;

    public LinearPredictor(float[] weights, float baseMargin, int groups, OutputTransform transform, int featureCount, string objective)
    {
        _weights = weights;
        _baseMargin = baseMargin;
        _groups = groups;
        _transform = transform;
        FeatureCount = featureCount;
        OutputCount = OutputWriter.OutputCount(transform, groups);
        Objective = objective;
    }

    public long EstimatedBytes => 4L * _weights.Length;

    public int FeatureCount { get; }

    public int OutputCount { get; }

    public string Objective { get; }

    public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output)
    {
        PredictArguments.Check(features, rowCount, FeatureCount, output, OutputCount);
        float[]? rented = _groups > StackGroups ? ArrayPool<float>.Shared.Rent(_groups) : null;
        Span<float> margins = rented is null ? stackalloc float[StackGroups] : rented;
        margins = margins[.._groups];
        try
        {
            for (int r = 0; r < rowCount; r++)
            {
                var row = features.Slice(r * FeatureCount, FeatureCount);
                for (int g = 0; g < _groups; g++)
                {
                    margins[g] = Margin(row, g);
                }

                OutputWriter.Write(_transform, margins, output.Slice(r * OutputCount, OutputCount));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    private float Margin(ReadOnlySpan<float> row, int group)
    {
        float[] w = _weights;
        int groups = _groups;
        float psum = w[(row.Length * groups) + group] + _baseMargin;
        for (int f = 0; f < row.Length; f++)
        {
            float x = row[f];
            if (!float.IsNaN(x))
            {
                psum += x * w[(f * groups) + group];
            }
        }

        return psum;
    }
}
