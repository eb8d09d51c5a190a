using System.Text.Json;

namespace Turnout.Tests.CloudWatch;

/// <summary>
/// PutMetricData, percentiles, metric math, pagination and ListMetrics filters through stock clients:
/// Debian boto3 1.26 (query), pyenv boto3 1.43 (awsJson1_0 and smithy-rpc-v2-cbor, gzip-compressed bodies)
/// and AWS CLI v2. Each test writes its own namespace so the shared server keeps them apart.
/// </summary>
public sealed class CustomMetricsClientTests(CloudWatchServerFixture server) : IClassFixture<CloudWatchServerFixture>
{
    private const string DebianPython = "/usr/bin/python3";
    private const string AwsCli = "/usr/bin/aws";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Boto3Legacy_Query_CustomMetricsRoundTripExactly()
    {
        Assert.True(File.Exists(DebianPython), $"{DebianPython} is missing. {ClientProcess.InstallHint}");
        var report = await RunAsync(DebianPython, "Test/Legacy", protocol: null);
        AssertReport(report);
    }

    [Fact]
    public async Task Boto3Modern_Json_CustomMetricsRoundTripExactlyAndGzipArrives()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, $"No pyenv python3 on PATH. {ClientProcess.InstallHint}");
        var report = await RunAsync(python!, "Test/ModernJson", protocol: null);
        AssertReport(report);
        Assert.Contains("gzip", server.Encodings);
    }

    [Fact]
    public async Task Boto3Modern_Cbor_CustomMetricsRoundTripExactly()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, $"No pyenv python3 on PATH. {ClientProcess.InstallHint}");
        var report = await RunAsync(python!, "Test/ModernCbor", protocol: "smithy-rpc-v2-cbor");
        AssertReport(report);
        Assert.Contains("cbor", server.Protocols);
    }

    [Fact]
    public async Task AwsCliV2_PutThenReadBack_ValuesStatisticSetsPercentilesMathAndList()
    {
        Assert.True(File.Exists(AwsCli), $"{AwsCli} is missing. {ClientProcess.InstallHint}");
        const string Ns = "Test/Cli";
        var data = """
            [{"MetricName":"Clicks","Dimensions":[{"Name":"Variant","Value":"A"}],"Timestamp":"2024-05-01T10:00:20Z","Values":[10,20,30,40],"Counts":[1,2,3,4],"Unit":"Count"},
             {"MetricName":"Clicks","Dimensions":[{"Name":"Variant","Value":"A"}],"Timestamp":"2024-05-01T10:01:20Z","StatisticValues":{"SampleCount":2,"Sum":7,"Minimum":3,"Maximum":4},"Unit":"Count"},
             {"MetricName":"Clicks","Dimensions":[{"Name":"Variant","Value":"B"}],"Timestamp":"2024-05-01T10:00:30Z","Value":5,"Unit":"Count"}]
            """;
        await CliAsync(["cloudwatch", "put-metric-data", "--namespace", Ns, "--metric-data", data]);
        await CliAsync(["cloudwatch", "put-metric-data", "--namespace", Ns, "--metric-name", "Views", "--value", "8",
            "--dimensions", "Variant=A", "--timestamp", "2024-05-01T10:00:40Z", "--unit", "Count"]);

        using var stats = await CliAsync(["cloudwatch", "get-metric-statistics", "--namespace", Ns, "--metric-name", "Clicks",
            "--dimensions", "Name=Variant,Value=A", "--start-time", "2024-05-01T10:00:00Z", "--end-time", "2024-05-01T10:05:00Z",
            "--period", "60", "--statistics", "Sum", "SampleCount", "Minimum", "Maximum"]);
        var points = stats.RootElement.GetProperty("Datapoints").EnumerateArray().OrderBy(d => d.GetProperty("Timestamp").GetString()).ToList();
        Assert.Equal([(300.0, 10.0, 10.0, 40.0), (7.0, 2.0, 3.0, 4.0)], points.Select(p => (p.GetProperty("Sum").GetDouble(), p.GetProperty("SampleCount").GetDouble(), p.GetProperty("Minimum").GetDouble(), p.GetProperty("Maximum").GetDouble())));

        using var pct = await CliAsync(["cloudwatch", "get-metric-statistics", "--namespace", Ns, "--metric-name", "Clicks",
            "--dimensions", "Name=Variant,Value=A", "--start-time", "2024-05-01T10:00:00Z", "--end-time", "2024-05-01T10:01:00Z",
            "--period", "60", "--extended-statistics", "p50", "p90"]);
        var ext = pct.RootElement.GetProperty("Datapoints")[0].GetProperty("ExtendedStatistics");
        // 10x1, 20x2, 30x3, 40x4: the 5th of 10 is 30, the 9th is 40.
        Assert.Equal(30, ext.GetProperty("p50").GetDouble(), 30 * 0.01);
        Assert.Equal(40, ext.GetProperty("p90").GetDouble(), 40 * 0.01);

        var queries = """
            [{"Id":"a","MetricStat":{"Metric":{"Namespace":"Test/Cli","MetricName":"Clicks","Dimensions":[{"Name":"Variant","Value":"A"}]},"Period":60,"Stat":"Sum"},"ReturnData":false},
             {"Id":"v","MetricStat":{"Metric":{"Namespace":"Test/Cli","MetricName":"Views","Dimensions":[{"Name":"Variant","Value":"A"}]},"Period":60,"Stat":"Sum"},"ReturnData":false},
             {"Id":"ctr","Expression":"a / v","Label":"clicks per view"}]
            """;
        using var math = await CliAsync(["cloudwatch", "get-metric-data", "--metric-data-queries", queries,
            "--start-time", "2024-05-01T10:00:00Z", "--end-time", "2024-05-01T10:05:00Z"]);
        var result = Assert.Single(math.RootElement.GetProperty("MetricDataResults").EnumerateArray());
        Assert.Equal("clicks per view", result.GetProperty("Label").GetString());
        Assert.Equal([300.0 / 8], result.GetProperty("Values").EnumerateArray().Select(v => v.GetDouble()));

        using var listed = await CliAsync(["cloudwatch", "list-metrics", "--namespace", Ns, "--dimensions", "Name=Variant,Value=A"]);
        Assert.Equal(["Clicks", "Views"], listed.RootElement.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("MetricName").GetString()).Order());
        Assert.Contains("query", server.Protocols);
    }

    private async Task<JsonDocument> CliAsync(IEnumerable<string> args)
    {
        var (exit, stdout, stderr) = await ClientProcess.RunAsync(AwsCli, [.. args, "--endpoint-url", server.Url, "--output", "json"], Deadline);
        Assert.True(exit == 0, $"aws exited {exit}: {stderr}");
        return JsonDocument.Parse(stdout.Length == 0 ? "{}" : stdout);
    }

    private async Task<JsonElement> RunAsync(string python, string ns, string? protocol)
    {
        List<string> args = [ClientProcess.ScriptPath("cw_custom.py"), "--endpoint-url", server.Url, "--namespace", ns];
        if (protocol is not null)
        {
            args.AddRange(["--protocol", protocol]);
        }

        var (exit, stdout, stderr) = await ClientProcess.RunAsync(python, args, Deadline);
        Assert.True(exit == 0, $"{python} cw_custom.py exited {exit}\n{stderr}");
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static void AssertReport(JsonElement r)
    {
        Assert.Equal(
            ["2024-05-01T10:00:00+00:00 3 3 Count", "2024-05-01T10:01:00+00:00 5 5 Count", "2024-05-01T10:02:00+00:00 2 2 Count"],
            r.GetProperty("conversions_a").EnumerateArray().Select(d => $"{d[0].GetString()} {d[1].GetDouble()} {d[2].GetDouble()} {d[3].GetString()}"));
        Assert.Equal([10, 55.5, 1, 10, 5.55], r.GetProperty("batch")[0].EnumerateArray().Select(v => v.GetDouble()));
        Assert.False(r.GetProperty("batch_p50_present").GetBoolean());
        Assert.Equal([r.GetProperty("bulk_expected_sum").GetDouble(), 1000], r.GetProperty("bulk")[0].EnumerateArray().Select(v => v.GetDouble()));

        // Percentiles of 1..1000 within 1 % of the exact nearest-rank value.
        foreach (var p in r.GetProperty("latency_percentiles").EnumerateObject())
        {
            var (measured, exact) = (p.Value[0].GetDouble(), p.Value[1].GetDouble());
            Assert.True(Math.Abs(measured - exact) <= exact * 0.01, $"{p.Name}: {measured} vs exact {exact}");
        }

        Assert.Equal("Milliseconds", r.GetProperty("latency_unit").GetString());
        Assert.Equal([1000, 500500, 1, 1000], r.GetProperty("latency_stats").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(0, r.GetProperty("latency_wrong_unit").GetInt32());
        Assert.Equal(["1 1 1", "2 4 2", "7 7 1"], r.GetProperty("clicks_1s").EnumerateArray().Select(d => $"{d[0].GetInt32()} {d[1].GetDouble()} {d[2].GetDouble()}"));

        var data = r.GetProperty("metric_data");
        Assert.False(data.TryGetProperty("a", out _));
        Assert.Equal("B conversions", data.GetProperty("b").GetProperty("label").GetString());
        Assert.Equal([1, 1, 4], Values(data, "b"));
        Assert.Equal([3, 5, 0.5], Values(data, "ratio"));
        Assert.Equal("A per B", data.GetProperty("ratio").GetProperty("label").GetString());
        // METRICS() is a, b and the p99 series (only at 10:01, where the latency distribution was put).
        var p99 = Values(data, "p99")[0];
        Assert.Equal([4, 6 + p99, 6], Values(data, "total"));
        Assert.Equal([2, (6 + p99) / 3, 3], Values(data, "avg"));
        Assert.Equal([2.0 / 60, -3.0 / 60], Values(data, "rate"));
        Assert.Equal([3, 5, 2, 0, 0], Values(data, "filled"));
        Assert.True(Math.Abs(Values(data, "p99")[0] - 990) <= 9.9, $"p99 {Values(data, "p99")[0]}");
        Assert.True(r.GetProperty("metric_data_pages").GetInt32() > 3, "MaxDatapoints=2 must split the results over several pages");
        Assert.Contains("PartialData", data.GetProperty("b").GetProperty("status").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["2024-05-01T10:02:00+00:00", "2024-05-01T10:01:00+00:00", "2024-05-01T10:00:00+00:00"],
            r.GetProperty("descending_b").EnumerateArray().Select(s => s.GetString()));

        var listed = r.GetProperty("list_all").EnumerateArray().Select(m => $"{m[0].GetString()}:{m[1][0][1].GetString()}").ToList();
        Assert.Equal(["Batch:A", "Bulk:B", "Clicks:A", "Conversions:A", "Conversions:B", "Latency:A"], listed);
        var filtered = Assert.Single(r.GetProperty("list_filtered").EnumerateArray());
        Assert.Equal("Conversions", filtered[0].GetString());
        Assert.Equal(6, r.GetProperty("list_recent").GetInt32());
        Assert.Equal("InvalidParameterValue", r.GetProperty("reserved_namespace_error").GetString());
        Assert.Equal("InvalidParameterValue", r.GetProperty("bad_expression_error").GetString());
    }

    private static List<double> Values(JsonElement data, string id) =>
        [.. data.GetProperty(id).GetProperty("points").EnumerateArray().Select(p => p[1].GetDouble())];
}
