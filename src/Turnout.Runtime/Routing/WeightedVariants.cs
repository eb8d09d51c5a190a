using System.Collections.Frozen;

namespace Turnout.Runtime.Routing;

/// <summary>One fleet's variants with their cumulative weights and a name lookup.</summary>
public sealed class WeightedVariants
{
    private readonly double[] _cumulative;
    private readonly FrozenDictionary<string, VariantRoute> _byName;

    public WeightedVariants(IReadOnlyList<VariantRoute> variants)
    {
        ArgumentOutOfRangeException.ThrowIfZero(variants.Count);
        Variants = [.. variants];
        _cumulative = new double[Variants.Length];
        double sum = 0;
        for (var i = 0; i < Variants.Length; i++)
        {
            sum += Math.Max(0, Variants[i].Weight);
            _cumulative[i] = sum;
        }

        TotalWeight = sum;
        _byName = Variants.ToFrozenDictionary(v => v.Name, StringComparer.Ordinal);
    }

    public VariantRoute[] Variants { get; }
    public double TotalWeight { get; }

    /// <summary>
    /// Picks a variant with probability weight / total weight for a uniform <paramref name="u"/> in [0, 1).
    /// A weight of 0 owns an empty interval and so gets no weighted traffic. Null when every weight is 0.
    /// </summary>
    public VariantRoute? Pick(double u)
    {
        if (TotalWeight <= 0)
        {
            return null;
        }

        var target = u * TotalWeight;
        var cumulative = _cumulative;
        // Variants are at most 10: a linear scan beats a binary search here.
        for (var i = 0; i < cumulative.Length; i++)
        {
            if (target < cumulative[i])
            {
                return Variants[i];
            }
        }

        // u * total can round up to total itself; give it to the last variant with weight.
        for (var i = Variants.Length - 1; i >= 0; i--)
        {
            if (Variants[i].Weight > 0)
            {
                return Variants[i];
            }
        }

        return null;
    }

    public VariantRoute? Find(string variantName) => _byName.GetValueOrDefault(variantName);
}
