namespace Turnout.Analysis.Statistics;

/// <summary>DeLong comparison of two ROC AUCs: AUC₁ − AUC₂ with its variance and a normal-theory test.</summary>
public sealed record DeLongResult(double Auc1, double Auc2, double Variance1, double Variance2, double Covariance, bool Paired)
{
    public double Difference => Auc1 - Auc2;

    /// <summary>Var(AUC₁ − AUC₂) = V₁ + V₂ − 2·Cov (Cov is 0 for independent samples).</summary>
    public double DifferenceVariance => Variance1 + Variance2 - 2 * Covariance;

    public double StandardError => Math.Sqrt(Math.Max(0, DifferenceVariance));

    public double Z => StandardError == 0 ? (Difference == 0 ? 0 : Math.CopySign(double.PositiveInfinity, Difference)) : Difference / StandardError;

    public double PValue => NormalDistribution.TwoSidedPValue(Z);

    public Interval ConfidenceInterval(double confidence = 0.95)
    {
        var z = NormalDistribution.Quantile(1 - (1 - confidence) / 2);
        return new Interval(Difference - z * StandardError, Difference + z * StandardError);
    }
}
