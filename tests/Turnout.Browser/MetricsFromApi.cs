using System.Text.Json.Nodes;
using Turnout.Browser.Infrastructure;

namespace Turnout.Browser;

/// <summary>What the API itself says a variant served in the last hour (CloudWatch GetMetricStatistics).</summary>
internal static class MetricsFromApi
{
    public static async Task<double> InvocationsLastHourAsync(TurnoutApi api, string endpoint, string variant)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = await api.CloudWatchAsync("GetMetricStatistics", new
        {
            Namespace = "AWS/SageMaker",
            MetricName = "Invocations",
            Dimensions = new[] { new { Name = "EndpointName", Value = endpoint }, new { Name = "VariantName", Value = variant } },
            StartTime = now - 3600,
            EndTime = now + 60,
            Period = 60,
            Statistics = new[] { "Sum" },
        });
        return result["Datapoints"]!.AsArray().Sum(p => p!["Sum"]!.GetValue<double>());
    }

    public static string Weight(JsonNode described, string variant) =>
        described["ProductionVariants"]!.AsArray().Single(v => v!["VariantName"]!.GetValue<string>() == variant)!["CurrentWeight"]!.GetValue<double>().ToString("N2", System.Globalization.CultureInfo.InvariantCulture);

    public static int Instances(JsonNode described, string variant) =>
        described["ProductionVariants"]!.AsArray().Single(v => v!["VariantName"]!.GetValue<string>() == variant)!["CurrentInstanceCount"]!.GetValue<int>();
}
