using System.Globalization;

namespace Turnout.Cli.Parsing;

/// <summary>Durations as people type them: 90s, 5m, 1h, 2d, 1h30m, or a plain number of seconds.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            duration = plain >= 0 && double.IsFinite(plain) ? TimeSpan.FromSeconds(plain) : TimeSpan.Zero;
            return plain >= 0 && double.IsFinite(plain);
        }

        var total = TimeSpan.Zero;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || i == s.Length || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            var unit = s[i] == 'm' && i + 1 < s.Length && s[i + 1] == 's' ? "ms" : s[i].ToString();
            i += unit.Length;
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero)
            {
                return false;
            }
        }

        duration = total;
        return true;
    }

    /// <exception cref="UsageException">Not a duration.</exception>
    public static TimeSpan Parse(string text, string option) =>
        TryParse(text, out var d) ? d : throw new UsageException($"{option} '{text}': give a duration such as 90s, 5m, 1h or 1h30m.");

    public static string Format(TimeSpan d) =>
        d.TotalSeconds < 60 ? $"{d.TotalSeconds:0.#}s"
        : d.TotalMinutes < 60 ? $"{d.TotalMinutes:0.#}m"
        : d.TotalHours < 48 ? $"{d.TotalHours:0.#}h"
        : $"{d.TotalDays:0.#}d";
}
