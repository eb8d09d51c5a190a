using System.Globalization;
using System.Text;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>GetMetricData's NextToken: where the next page starts (result index, datapoint index).</summary>
internal static class DataCursorToken
{
    private const string Prefix = "turnout-data:";

    public static string Encode(int result, int point) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{result}:{point}")));

    public static (int Result, int Point) Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, 0);
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var result)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var point))
            {
                return (result, point);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw new CloudWatchException(CloudWatchErrors.InvalidNextToken, "The service returned an invalid NextToken.");
    }
}
