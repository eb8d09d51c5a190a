namespace Turnout.Analysis.Statistics;

/// <summary>
/// Mixture SPRT with a normal mixing distribution N(0, τ²) over the true difference θ (Robbins 1970; Johari,
/// Koomen, Pekelis &amp; Walsh, "Always valid inference", 2017/2022). With an estimated difference θ̂ whose variance
/// is V (approximately normal), the mixture likelihood ratio against θ = 0 is
/// <code>Λ = √(V / (V + τ²)) · exp(τ² θ̂² / (2 V (V + τ²)))</code>.
/// Λ is a non-negative martingale under H₀, so by Ville's inequality P(Λ ever ≥ 1/α) ≤ α: the test may be
/// looked at after every observation without inflating false positives. τ is the effect size the test is
/// tuned to: smallest boundary crossing time is near effects of size τ. We use the minimum detectable effect.
/// </summary>
public static class MixtureSprt
{
    public static double LikelihoodRatio(double difference, double variance, double tau)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tau);
        if (!(variance > 0))
        {
            return double.NaN;
        }

        var t2 = tau * tau;
        return Math.Sqrt(variance / (variance + t2)) * Math.Exp(t2 * difference * difference / (2 * variance * (variance + t2)));
    }

    /// <summary>
    /// One look. <paramref name="previousPValue"/> is the always-valid p-value from the previous look (1 at the
    /// start); passing it keeps p monotone as Johari et al. define it.
    /// </summary>
    public static SequentialResult Evaluate(double difference, double variance, double tau, double alpha = 0.05, double previousPValue = 1)
    {
        var lambda = LikelihoodRatio(difference, variance, tau);
        if (double.IsNaN(lambda))
        {
            return new SequentialResult(double.NaN, previousPValue, new Interval(double.NaN, double.NaN), tau, previousPValue <= alpha);
        }

        var p = Math.Min(previousPValue, Math.Min(1, 1 / lambda));
        var t2 = tau * tau;
        var half = Math.Sqrt(variance * (variance + t2) / t2 * (2 * Math.Log(1 / alpha) + Math.Log((variance + t2) / variance)));
        return new SequentialResult(lambda, p, new Interval(difference - half, difference + half), tau, p <= alpha);
    }
}
