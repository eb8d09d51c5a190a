using System.Globalization;

namespace Turnout.Cli.Parsing;

/// <summary>A variant of a new endpoint config: <c>VARIANT=MODEL[:WEIGHT[:INSTANCES]]</c>.</summary>
internal sealed record VariantSpec(string Variant, string Model, float Weight, int Instances);

internal static class VariantSpecParser
{
    public static VariantSpec Parse(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var parts = eq < 0 ? [] : text[(eq + 1)..].Split(':');
        if (eq <= 0 || parts.Length is 0 or > 3 || parts[0].Length == 0)
        {
            throw new UsageException($"--variant '{text}': use VARIANT=MODEL[:WEIGHT[:INSTANCES]], e.g. Variant1=churn-a:50.");
        }

        var weight = 1f;
        if (parts.Length > 1 && (!float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !float.IsFinite(weight) || weight < 0))
        {
            throw new UsageException($"--variant '{text}': the weight '{parts[1]}' must be a number of 0 or more.");
        }

        var instances = 1;
        if (parts.Length > 2 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out instances) || instances < 1))
        {
            throw new UsageException($"--variant '{text}': the instance count '{parts[2]}' must be a whole number of 1 or more.");
        }

        return new VariantSpec(text[..eq], parts[0], weight, instances);
    }
}
