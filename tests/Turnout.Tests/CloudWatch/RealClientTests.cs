using System.Text.Json;

namespace Turnout.Tests.CloudWatch;

/// <summary>
/// Stock AWS clients against a real Kestrel server: Debian boto3 1.26 (query), pyenv boto3 1.43 (awsJson1_0,
/// its default for CloudWatch, and smithy-rpc-v2-cbor pinned) and AWS CLI v2 (query). Missing clients fail.
/// </summary>
public sealed class RealClientTests(CloudWatchServerFixture server) : IClassFixture<CloudWatchServerFixture>
{
    private const string DebianPython = "/usr/bin/python3";
    private const string AwsCli = "/usr/bin/aws";
    private const string Start = "2024-05-01T09:30:00Z";
    private const string End = "2024-05-01T10:30:00Z";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Boto3Legacy_QueryProtocol_ReadsRecordedMetrics()
    {
        Assert.True(File.Exists(DebianPython), $"{DebianPython} is missing. {ClientProcess.InstallHint}");
        var report = await RunScriptAsync(DebianPython, protocol: null);
        Assert.Equal("query", report.GetProperty("protocol").GetString());
        AssertReport(report);
        Assert.All(server.Protocols, p => Assert.Equal("query", p));
    }

    [Fact]
    public async Task Boto3Modern_DefaultProtocol_ReadsRecordedMetrics()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, $"No pyenv python3 on PATH. {ClientProcess.InstallHint}");
        var report = await RunScriptAsync(python!, protocol: null);
        AssertModernBotocore(report);

        // botocore 1.43 ranks 'json' above 'smithy-rpc-v2-cbor', so CloudWatch's default is awsJson1_0.
        Assert.Equal("json", report.GetProperty("protocol").GetString());
        AssertReport(report);
        Assert.All(server.Protocols, p => Assert.Equal("json", p));
    }

    [Fact]
    public async Task Boto3Modern_CborProtocol_ReadsRecordedMetrics()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, $"No pyenv python3 on PATH. {ClientProcess.InstallHint}");
        var report = await RunScriptAsync(python!, protocol: "smithy-rpc-v2-cbor");
        AssertModernBotocore(report);
        Assert.Equal("smithy-rpc-v2-cbor", report.GetProperty("protocol").GetString());
        AssertReport(report);
        Assert.All(server.Protocols, p => Assert.Equal("cbor", p));
    }

    [Fact]
    public async Task AwsCliV2_GetMetricStatistics_ReadsRecordedSums()
    {
        Assert.True(File.Exists(AwsCli), $"{AwsCli} is missing. {ClientProcess.InstallHint}");
        ClearProtocols();
        foreach (var (variant, expected) in new[] { ("Variant1", CloudWatchServerFixture.Variant1Invocations), ("Variant2", CloudWatchServerFixture.Variant2Invocations) })
        {
            var (exit, stdout, stderr) = await ClientProcess.RunAsync(AwsCli,
            [
                "cloudwatch", "get-metric-statistics", "--endpoint-url", server.Url, "--output", "json",
                "--namespace", "AWS/SageMaker", "--metric-name", "Invocations",
                "--dimensions", $"Name=EndpointName,Value={CloudWatchServerFixture.EndpointName}", $"Name=VariantName,Value={variant}",
                "--start-time", Start, "--end-time", End, "--period", "60", "--statistics", "Sum",
            ], Deadline);
            Assert.True(exit == 0, $"aws exited {exit}: {stderr}");
            using var doc = JsonDocument.Parse(stdout);
            var datapoints = doc.RootElement.GetProperty("Datapoints").EnumerateArray().ToList();
            Assert.Equal(expected, datapoints.Sum(d => d.GetProperty("Sum").GetDouble()));
            Assert.All(datapoints, d => Assert.Equal("None", d.GetProperty("Unit").GetString()));
            Assert.Equal("Invocations", doc.RootElement.GetProperty("Label").GetString());
        }

        var list = await ClientProcess.RunAsync(AwsCli,
            ["cloudwatch", "list-metrics", "--endpoint-url", server.Url, "--output", "json", "--namespace", "AWS/SageMaker"], Deadline);
        Assert.True(list.ExitCode == 0, $"aws exited {list.ExitCode}: {list.Stderr}");
        using var listed = JsonDocument.Parse(list.Stdout);
        Assert.Equal(14, listed.RootElement.GetProperty("Metrics").GetArrayLength());
        Assert.NotEmpty(server.Protocols);
        Assert.All(server.Protocols, p => Assert.Equal("query", p));
    }

    private void ClearProtocols()
    {
        while (server.Protocols.TryDequeue(out _))
        {
        }
    }

    private async Task<JsonElement> RunScriptAsync(string python, string? protocol)
    {
        ClearProtocols();

        List<string> args =
        [
            ClientProcess.ScriptPath("cw_client.py"),
            "--endpoint-url", server.Url,
            "--endpoint-name", CloudWatchServerFixture.EndpointName,
            "--variants", "Variant1,Variant2",
            "--start", Start,
            "--end", End,
        ];
        if (protocol is not null)
        {
            args.AddRange(["--protocol", protocol]);
        }

        var (exit, stdout, stderr) = await ClientProcess.RunAsync(python, args, Deadline);
        Assert.True(exit == 0, $"{python} cw_client.py exited {exit}. {(stderr.Contains("No module named", StringComparison.Ordinal) ? ClientProcess.InstallHint : string.Empty)}\n{stderr}");
        Assert.NotEmpty(server.Protocols);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static void AssertModernBotocore(JsonElement report)
    {
        var version = Version.Parse(report.GetProperty("botocore").GetString()!);
        Assert.True(version >= new Version(1, 42, 7), $"Expected pyenv botocore >= 1.42.7, got {version}. {ClientProcess.InstallHint}");
    }

    private static void AssertReport(JsonElement report)
    {
        var v1 = report.GetProperty("variants").GetProperty("Variant1");
        var v2 = report.GetProperty("variants").GetProperty("Variant2");
        Assert.Equal("Invocations", v1.GetProperty("label").GetString());
        Assert.False(string.IsNullOrEmpty(v1.GetProperty("request_id").GetString()));

        Assert.Equal(CloudWatchServerFixture.Variant1Invocations, v1.GetProperty("invocations_sum").GetDouble());
        Assert.Equal(CloudWatchServerFixture.Variant2Invocations, v2.GetProperty("invocations_sum").GetDouble());
        Assert.Equal(
            ["2024-05-01T10:00:00+00:00:7", "2024-05-01T10:01:00+00:00:5"],
            v1.GetProperty("invocations_datapoints").EnumerateArray().Select(d => $"{d.GetProperty("t").GetString()}:{d.GetProperty("sum").GetDouble()}"));
        Assert.Equal(
            ["2024-05-01T10:00:00+00:00:11", "2024-05-01T10:02:00+00:00:3"],
            v2.GetProperty("invocations_datapoints").EnumerateArray().Select(d => $"{d.GetProperty("t").GetString()}:{d.GetProperty("sum").GetDouble()}"));

        Assert.Equal(CloudWatchServerFixture.Variant1Errors4xx, v1.GetProperty("errors4xx_sum").GetDouble());
        Assert.Equal(CloudWatchServerFixture.Variant1Invocations, v1.GetProperty("errors4xx_samples").GetDouble());
        Assert.Equal(12, v1.GetProperty("latency_samples").GetDouble());
        Assert.Equal(7800, v1.GetProperty("latency_sum").GetDouble());
        Assert.Equal(100, v1.GetProperty("latency_min").GetDouble());
        Assert.Equal(1200, v1.GetProperty("latency_max").GetDouble());
        Assert.Equal(["Microseconds"], v1.GetProperty("latency_units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(CloudWatchServerFixture.Variant1Invocations, v1.GetProperty("metric_data_sum").GetDouble());
        Assert.Equal(["Complete"], v1.GetProperty("metric_data_status").EnumerateArray().Select(u => u.GetString()));

        var listed = report.GetProperty("list_metrics").EnumerateArray().ToList();
        Assert.Equal(14, listed.Count);
        Assert.Equal(2, listed.Count(m => m.GetProperty("name").GetString() == "Invocations"));

        var error = report.GetProperty("bad_period_error");
        Assert.Equal("InvalidParameterValue", error.GetProperty("code").GetString());
        Assert.Equal(400, error.GetProperty("status").GetInt32());
    }
}
