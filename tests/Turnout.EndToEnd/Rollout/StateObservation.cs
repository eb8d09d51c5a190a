namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// One DescribeEndpoint poll by the driver: the call's wall-clock bounds (the reported state held at some
/// instant between them), a label for that state, and the traffic shares it implies; null shares mark a
/// state in flux (an Updating endpoint, or the driver's marker just before a routing change).
/// </summary>
internal sealed record StateObservation(double T0, double T1, string Label, IReadOnlyDictionary<string, double>? Shares);
