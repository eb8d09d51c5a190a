using System.Globalization;

namespace Turnout.Cli.Parsing;

/// <summary>A variant's new weight and, optionally, instance count: <c>Variant1=25</c> or <c>Variant1=25:2</c>.</summary>
internal sealed record VariantWeight(string Variant, float Weight, int? Instances);

/// <summary>Parses <c>NAME=WEIGHT[:INSTANCES]</c> arguments of <c>endpoints set-weights</c>.</summary>
internal static class WeightsParser
{
    public static IReadOnlyList<VariantWeight> Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new UsageException("give at least one VARIANT=WEIGHT, e.g. Variant1=25 Variant2=75.");
        }

        var result = new List<VariantWeight>();
        foreach (var argument in arguments)
        {
            var eq = argument.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == argument.Length - 1)
            {
                throw new UsageException($"'{argument}' is not VARIANT=WEIGHT (e.g. Variant1=25, or Variant1=25:2 to also set 2 instances).");
            }

            var name = argument[..eq];
            var value = argument[(eq + 1)..];
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var weightText = (colon < 0 ? value : value[..colon]).TrimEnd('%');
            if (!float.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || !float.IsFinite(weight) || weight < 0)
            {
                throw new UsageException($"'{argument}': the weight '{weightText}' must be a number of 0 or more.");
            }

            int? instances = null;
            if (colon >= 0)
            {
                if (!int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    throw new UsageException($"'{argument}': the instance count after ':' must be a whole number of 1 or more.");
                }

                instances = n;
            }

            if (result.Any(r => r.Variant == name))
            {
                throw new UsageException($"variant '{name}' is given twice.");
            }

            result.Add(new VariantWeight(name, weight, instances));
        }

        if (result.All(r => r.Weight == 0))
        {
            throw new UsageException("at least one variant needs a weight above 0, or the endpoint could not route any request.");
        }

        return result;
    }

    /// <summary>A percentage such as <c>10%</c> or <c>10</c>, between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public static int Percent(string text, string option, int min, int max)
    {
        var t = text.Trim().TrimEnd('%');
        return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= min && p <= max
            ? p
            : throw new UsageException($"{option} '{text}': give a whole percentage from {min}% to {max}%, e.g. {min}%.");
    }
}
