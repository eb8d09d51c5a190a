using System.Text.RegularExpressions;

namespace Turnout.ControlPlane.Validation;

/// <summary>
/// Input constraints from SageMaker's service model. Messages follow AWS's wording
/// ("1 validation error detected: Value '…' at '…' failed to satisfy constraint: …") so they read familiar.
/// </summary>
internal static partial class Check
{
    public static string Required(string? value, string member)
    {
        if (value is null)
        {
            throw ControlPlaneException.Validation($"1 validation error detected: Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null");
        }

        return value;
    }

    public static T Required<T>(T? value, string member) where T : class =>
        value ?? throw ControlPlaneException.Validation($"1 validation error detected: Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null");

    /// <summary>Model, endpoint, endpoint config and variant names: 1–63 of <c>^[a-zA-Z0-9](-*[a-zA-Z0-9])*</c>.</summary>
    public static string Name(string? value, string member)
    {
        Required(value, member);
        Length(value!, member, 1, 63);
        if (!NamePattern().IsMatch(value!))
        {
            Fail(value!, member, "Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
        }

        return value!;
    }

    public static void Length(string value, string member, int min, int max)
    {
        if (value.Length < min || value.Length > max)
        {
            Fail(value, member, value.Length < min
                ? $"Member must have length greater than or equal to {min}"
                : $"Member must have length less than or equal to {max}");
        }
    }

    public static void Pattern(string value, string member, Regex pattern, string shown)
    {
        if (!pattern.IsMatch(value))
        {
            Fail(value, member, $"Member must satisfy regular expression pattern: {shown}");
        }
    }

    public static void Range(double value, string member, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Fail(value.ToString(System.Globalization.CultureInfo.InvariantCulture), member, value < min
                ? $"Member must have value greater than or equal to {min}"
                : $"Member must have value less than or equal to {max}");
        }
    }

    public static void Count<T>(IReadOnlyCollection<T>? list, string member, int min, int max)
    {
        var count = list?.Count ?? 0;
        if (count < min || count > max)
        {
            throw ControlPlaneException.Validation(
                $"1 validation error detected: Value at '{Camel(member)}' failed to satisfy constraint: Member must have length {(count < min ? "greater" : "less")} than or equal to {(count < min ? min : max)}");
        }
    }

    public static void OneOf(string? value, string member, params string[] allowed)
    {
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            Fail(value, member, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Fail(string value, string member, string constraint) =>
        throw ControlPlaneException.Validation($"1 validation error detected: Value '{value}' at '{Camel(member)}' failed to satisfy constraint: {constraint}");

    private static string Camel(string member) => member.Length == 0 ? member : char.ToLowerInvariant(member[0]) + member[1..];

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
