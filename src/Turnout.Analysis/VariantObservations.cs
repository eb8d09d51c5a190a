namespace Turnout.Analysis;

/// <summary>Everything observed for one production variant over the analysed window.</summary>
public sealed record VariantObservations(string VariantName, IReadOnlyList<Observation> Observations);
