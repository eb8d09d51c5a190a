using System.Globalization;

namespace Turnout.Metrics;

/// <summary>Parses CloudWatch percentile statistics: "p" then a number in [0, 100] with up to 10 decimals ("p99", "p99.9").</summary>
public static class Percentiles
{
    public static bool TryParse(string statistic, out double percent)
    {
        percent = 0;
        if (statistic is not { Length: >= 2 } || statistic[0] != 'p')
        {
            return false;
        }

        var number = statistic.AsSpan(1);
        var dot = number.IndexOf('.');
        if (dot == 0 || dot == number.Length - 1 || (dot > 0 && number.Length - dot - 1 > 10) || (dot < 0 ? number.Length : dot) > 3)
        {
            return false;
        }

        foreach (var c in number)
        {
            if (c != '.' && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out percent) && percent is >= 0 and <= 100;
    }
}
