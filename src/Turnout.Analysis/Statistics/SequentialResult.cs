namespace Turnout.Analysis.Statistics;

/// <summary>
/// State of the mixture sequential probability ratio test after one look: the mixture likelihood ratio Λ, the
/// always-valid p-value (the running minimum of 1/Λ over all looks), the always-valid confidence interval, and
/// whether H₀ (no difference) is rejected at α.
/// </summary>
public sealed record SequentialResult(double LikelihoodRatio, double AlwaysValidPValue, Interval AlwaysValidInterval, double Tau, bool RejectsNull);
