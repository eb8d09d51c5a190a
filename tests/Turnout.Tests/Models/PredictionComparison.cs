namespace Turnout.Tests.Models;

/// <summary>Compares predictions with libxgboost's and summarises the difference.</summary>
internal readonly record struct PredictionComparison(double MaxAbsError, double MaxRelError, int Mismatches, int Count)
{
    public static PredictionComparison Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxAbs = 0, maxRel = 0;
        int mismatches = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])
                || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
            {
                continue;
            }

            mismatches++;
            double abs = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(abs))
            {
                abs = double.PositiveInfinity;
            }

            maxAbs = Math.Max(maxAbs, abs);
            maxRel = Math.Max(maxRel, abs / Math.Max(1.0, Math.Abs((double)expected[i])));
        }

        return new PredictionComparison(maxAbs, maxRel, mismatches, expected.Length);
    }

    /// <summary>Within 1e-6, relative above magnitude 1 (a float32 ulp exceeds 1e-6 beyond 8; spec 5.15).</summary>
    public bool WithinTolerance => MaxRelError <= 1e-6;

    public override string ToString() =>
        $"{Count - Mismatches}/{Count} bit-exact, max abs error {MaxAbsError:E3}, max rel error {MaxRelError:E3}";
}
