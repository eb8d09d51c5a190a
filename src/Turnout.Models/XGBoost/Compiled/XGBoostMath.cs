using System.Runtime.CompilerServices;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// libxgboost 1.7's float32 math, operation for operation (spec 4.2/4.3). MathF.Exp/Log match glibc's
/// expf/logf bit for bit on Linux x64, which is what makes outputs bit-identical.
/// </summary>
internal static class XGBoostMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x)
    {
        // std::min(-x, 88.7f): NaN stays NaN; the clamp keeps expf finite.
        float nx = -x;
        float clamped = 88.7f < nx ? 88.7f : nx;
        return 1.0f / (MathF.Exp(clamped) + 1.0f + 1e-16f);
    }

    public static float ProbToMargin(MarginLink link, float baseScore, string objective) => link switch
    {
        MarginLink.Logit when !(baseScore > 0.0f && baseScore < 1.0f) => throw new ModelFormatException(
            $"base_score {baseScore} must be strictly between 0 and 1 for objective '{objective}'"),
        MarginLink.Logit => -MathF.Log(1.0f / baseScore - 1.0f),
        MarginLink.Log => MathF.Log(baseScore),
        _ => baseScore,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float TransformScalar(OutputTransform transform, float margin) => transform switch
    {
        OutputTransform.Sigmoid => Sigmoid(margin),
        OutputTransform.Hinge => margin > 0.0f ? 1.0f : 0.0f,
        OutputTransform.Exp => MathF.Exp(margin),
        _ => margin,
    };

    /// <summary>common::Softmax: fmaxf for the max, float expf, a double sum, float division.</summary>
    public static void Softmax(Span<float> values)
    {
        float wmax = values[0];
        for (int i = 1; i < values.Length; i++)
        {
            wmax = FMax(values[i], wmax);
        }

        double wsum = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Exp(values[i] - wmax);
            wsum += values[i];
        }

        float sum = (float)wsum;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] /= sum;
        }
    }

    /// <summary>common::FindMaxIndex: first index of the largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>C fmaxf: a NaN argument loses to a number (Math.Max would propagate it).</summary>
    private static float FMax(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : (a > b ? a : b);
}
