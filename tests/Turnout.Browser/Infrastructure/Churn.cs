using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Turnout.Browser.Infrastructure;

/// <summary>The AWS notebook's A/B setup: churn-a and churn-b as Variant1 and Variant2, and its test rows.</summary>
internal static class Churn
{
    private const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3";

    /// <summary>Labelled test rows (label, features) from examples/churn-ab/test_data/test-dataset.csv.</summary>
    public static IReadOnlyList<(string Label, string Features)> Rows { get; } =
        [.. File.ReadLines(Path.Combine(RepoPaths.Examples, "test_data", "test-dataset.csv"))
            .Where(l => l.Length > 0)
            .Select(l => (l[..l.IndexOf(',', StringComparison.Ordinal)], l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]))];

    public static async Task CreateModelsAsync(TurnoutApi api)
    {
        foreach (var (name, file) in new[] { ("churn-a", "model.tar.gz"), ("churn-b", "model2.tar.gz") })
        {
            await api.SageMakerAsync("CreateModel", new
            {
                ModelName = name,
                ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
                PrimaryContainer = new { Image, ModelDataUrl = $"s3://turnout-examples/churn-ab/{file}" },
            });
        }
    }

    /// <summary>Creates config <paramref name="config"/> (Variant1=churn-a, Variant2=churn-b, capture on) and the endpoint; waits for InService.</summary>
    public static async Task CreateEndpointAsync(TurnoutApi api, string endpoint, string config, int weight1 = 1, int weight2 = 1, int instances2 = 2)
    {
        await api.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = config,
            ProductionVariants = new object[]
            {
                new { VariantName = "Variant1", ModelName = "churn-a", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = weight1 },
                new { VariantName = "Variant2", ModelName = "churn-b", InstanceType = "ml.m5.xlarge", InitialInstanceCount = instances2, InitialVariantWeight = weight2 },
            },
            DataCaptureConfig = new
            {
                EnableCapture = true,
                InitialSamplingPercentage = 100,
                DestinationS3Uri = "s3://turnout-examples/capture",
                CaptureOptions = new object[] { new { CaptureMode = "Input" }, new { CaptureMode = "Output" } },
            },
        });
        await api.SageMakerAsync("CreateEndpoint", new { EndpointName = endpoint, EndpointConfigName = config });
        await WaitForStatusAsync(api, endpoint, "InService", TimeSpan.FromSeconds(60));
    }

    public static async Task<JsonNode> WaitForStatusAsync(TurnoutApi api, string endpoint, string status, TimeSpan limit)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var described = await api.SageMakerAsync("DescribeEndpoint", new { EndpointName = endpoint });
            var now = described["EndpointStatus"]!.GetValue<string>();
            if (now == status)
            {
                return described;
            }

            Assert.True(now != "Failed" || status == "Failed", $"{endpoint} failed: {described["FailureReason"]}");
            Assert.True(stopwatch.Elapsed < limit, $"{endpoint} is still {now} after {limit.TotalSeconds:F0} s, expected {status}.");
            await Task.Delay(100);
        }
    }

    /// <summary>An alarm on Variant1's 5XX errors that any single error breaches.</summary>
    public static Task<JsonNode> PutVariant1ErrorAlarmAsync(TurnoutApi api, string alarmName, string endpoint) =>
        api.CloudWatchAsync("PutMetricAlarm", new
        {
            AlarmName = alarmName,
            Namespace = "AWS/SageMaker",
            MetricName = "Invocation5XXErrors",
            Dimensions = new[] { new { Name = "EndpointName", Value = endpoint }, new { Name = "VariantName", Value = "Variant1" } },
            Statistic = "Sum",
            Period = 60,
            EvaluationPeriods = 1,
            Threshold = 1,
            ComparisonOperator = "GreaterThanOrEqualToThreshold",
            TreatMissingData = "notBreaching",
        });

    /// <summary>Uploads the labels of rows[from..from+count] as ground truth keyed by the InferenceIds SendTrafficAsync used.</summary>
    public static Task UploadGroundTruthAsync(TurnoutApi api, string endpoint, int count, int from = 0) =>
        api.PostRawAsync($"/api/endpoints/{endpoint}/ground-truth", string.Join('\n', Enumerable.Range(from, count).Select(i =>
            $"{{\"groundTruthData\":{{\"data\":\"{Rows[i % Rows.Count].Label}\",\"encoding\":\"CSV\"}},\"eventMetadata\":{{\"eventId\":\"row-{i}\"}},\"eventVersion\":\"0\"}}")));

    /// <summary>Sends rows[from..from+count] and returns how many each variant served (from the response header).</summary>
    public static async Task<Dictionary<string, int>> SendTrafficAsync(TurnoutApi api, string endpoint, int count, int from = 0, bool withInferenceIds = false)
    {
        var served = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var variant = await api.InvokeAsync(endpoint, Rows[(from + i) % Rows.Count].Features, withInferenceIds ? $"row-{from + i}" : null);
            served[variant] = served.GetValueOrDefault(variant) + 1;
        }

        return served;
    }
}
