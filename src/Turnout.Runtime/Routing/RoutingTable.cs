namespace Turnout.Runtime.Routing;

/// <summary>
/// The immutable routing state of one endpoint. A request reads the table once and uses it to the end,
/// so a concurrent change never shows it a half-applied state. During a blue/green deployment the table
/// holds two fleets: the live one and the incoming one, which takes <see cref="IncomingShare"/> of traffic.
/// </summary>
public sealed class RoutingTable
{
    public RoutingTable(string endpointName, IReadOnlyList<VariantRoute> variants)
        : this(endpointName, new WeightedVariants(variants), null, 0)
    {
    }

    public RoutingTable(string endpointName, WeightedVariants live, WeightedVariants? incoming, double incomingShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(incomingShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(incomingShare, 1);
        EndpointName = endpointName;
        Live = live;
        Incoming = incoming;
        IncomingShare = incoming is null ? 0 : incomingShare;
    }

    public string EndpointName { get; }

    /// <summary>The fleet that serves (all traffic outside a deployment).</summary>
    public WeightedVariants Live { get; }

    /// <summary>The fleet a deployment is moving traffic to, if one is running.</summary>
    public WeightedVariants? Incoming { get; }

    /// <summary>The fraction of traffic, 0–1, the incoming fleet takes.</summary>
    public double IncomingShare { get; }

    public VariantRoute[] Variants => Live.Variants;

    /// <summary>
    /// Picks a variant for a uniform <paramref name="u"/> in [0, 1): first the fleet (incoming with
    /// probability IncomingShare), then a variant of it by weight. Null when no variant has weight.
    /// </summary>
    public VariantRoute? PickWeighted(double u)
    {
        var share = IncomingShare;
        if (share <= 0)
        {
            return Live.Pick(u);
        }

        if (u < share)
        {
            return Incoming!.Pick(u / share);
        }

        return share >= 1 ? Incoming!.Pick(u) : Live.Pick((u - share) / (1 - share));
    }

    /// <summary>
    /// The named variant. While two fleets serve and both have the name, the fleet is drawn by share so a
    /// targeted request follows the deployment's progress like weighted traffic does.
    /// </summary>
    public VariantRoute? Find(string variantName)
    {
        if (Incoming is null || IncomingShare <= 0)
        {
            return Live.Find(variantName);
        }

        var incoming = Incoming.Find(variantName);
        var live = IncomingShare >= 1 ? null : Live.Find(variantName);
        if (incoming is null || live is null)
        {
            return incoming ?? live;
        }

        return Random.Shared.NextDouble() < IncomingShare ? incoming : live;
    }

    /// <summary>Every variant of both fleets, live first, traffic or not: what the watchdog and the pool floor scan.</summary>
    public IEnumerable<VariantRoute> AllVariants => Incoming is null ? Live.Variants : Live.Variants.Concat(Incoming.Variants);

    /// <summary>Every variant that can receive traffic now, live fleet first.</summary>
    public IEnumerable<VariantRoute> Serving =>
        IncomingShare >= 1 ? Incoming!.Variants : IncomingShare > 0 ? Live.Variants.Concat(Incoming!.Variants) : Live.Variants;
}
