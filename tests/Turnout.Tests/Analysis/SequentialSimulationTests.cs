using Turnout.Analysis.Statistics;

namespace Turnout.Tests.Analysis;

/// <summary>
/// Why the report uses an always-valid test: A/A experiments (both arms convert at 30%) checked after every
/// batch. A naive z-test at α = 0.05 declares a winner far more often than 5% once you peek repeatedly;
/// the mixture SPRT stays within α however often you look.
/// </summary>
public sealed class SequentialSimulationTests
{
    private const int Experiments = 2000;
    private const int Looks = 20;
    private const int BatchPerArm = 50;
    private const double Alpha = 0.05;
    private const double Tau = 0.02;

    [Fact]
    public void MixtureSprt_AaExperimentsPeekedEveryBatch_FalsePositiveRateAtMostAlpha()
    {
        var (sprt, naive) = Simulate(0.30, 0.30, seed: 42);

        // One-sided binomial allowance: 2.33 standard errors of a 5% rate over 2000 experiments.
        var allowance = 2.33 * Math.Sqrt(Alpha * (1 - Alpha) / Experiments);
        Assert.True(sprt <= Alpha + allowance, $"mSPRT false-positive rate {sprt:P2} exceeds {Alpha + allowance:P2}");
        Assert.True(naive > 2 * Alpha, $"naive repeated z-test false-positive rate {naive:P2} was expected to be inflated well above {Alpha:P0}");
    }

    [Fact]
    public void MixtureSprt_RealTenPointLift_DetectedInMostExperiments()
    {
        var (sprt, _) = Simulate(0.30, 0.40, seed: 43, experiments: 400);

        // τ = 0.02 tunes the test to small effects; it still finds a 10-point lift within 1 000 rows per arm most of the time (≈ 84% at this seed).
        Assert.True(sprt > 0.75, $"mSPRT detected a 10-point lift in only {sprt:P1} of experiments");
    }

    /// <returns>Share of experiments in which each test ever rejected H₀.</returns>
    private static (double Sprt, double Naive) Simulate(double pBaseline, double pVariant, ulong seed, int experiments = Experiments)
    {
        var rng = new Xoshiro256(seed);
        int sprtRejections = 0, naiveRejections = 0;
        for (var e = 0; e < experiments; e++)
        {
            long kb = 0, kv = 0, n = 0;
            var p = 1.0;
            bool sprtRejected = false, naiveRejected = false;
            for (var look = 0; look < Looks; look++)
            {
                for (var i = 0; i < BatchPerArm; i++)
                {
                    kb += rng.NextDouble() < pBaseline ? 1 : 0;
                    kv += rng.NextDouble() < pVariant ? 1 : 0;
                }

                n += BatchPerArm;
                var se = Proportions.DifferenceStandardError(kv, n, kb, n);
                var result = MixtureSprt.Evaluate((double)kv / n - (double)kb / n, se * se, Tau, Alpha, p);
                p = result.AlwaysValidPValue;
                sprtRejected |= result.RejectsNull;
                naiveRejected |= Proportions.TwoProportionPValue(kv, n, kb, n) < Alpha;
            }

            sprtRejections += sprtRejected ? 1 : 0;
            naiveRejections += naiveRejected ? 1 : 0;
        }

        return ((double)sprtRejections / experiments, (double)naiveRejections / experiments);
    }
}
