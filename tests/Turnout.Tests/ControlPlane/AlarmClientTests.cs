using System.Text.Json;
using Turnout.Tests.CloudWatch;
using Turnout.Tests.Support;

namespace Turnout.Tests.ControlPlane;

/// <summary>CloudWatch alarm calls from stock clients: Debian boto3 1.26 (query), pyenv boto3 1.43 (JSON and CBOR).</summary>
public sealed class AlarmClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonElement> RunAsync(string python, params string[] extra)
    {
        var script = Path.Combine(Turnout.Tests.Models.RepoPaths.Root, "tests", "clients", "alarms_client.py");
        var (exit, stdout, stderr) = await ClientProcess.RunAsync(python, [script, _server.Client.BaseAddress!.ToString().TrimEnd('/'), .. extra], Deadline);
        Assert.True(exit == 0, $"{python} exited {exit}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static void AssertReport(JsonElement report)
    {
        var created = report.GetProperty("created");
        Assert.Equal("INSUFFICIENT_DATA", created.GetProperty("StateValue").GetString());
        Assert.Equal(1.0, created.GetProperty("Threshold").GetDouble());
        Assert.Equal(2, created.GetProperty("EvaluationPeriods").GetInt32());
        Assert.Equal("notBreaching", created.GetProperty("TreatMissingData").GetString());
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:churn-5xx", report.GetProperty("arn").GetString());
        Assert.Equal(["churn-5xx"], report.GetProperty("alarming").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["StateUpdate", "ConfigurationUpdate"], report.GetProperty("history").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("datetime", report.GetProperty("history_timestamp_type").GetString());
        Assert.Equal("ResourceNotFound", report.GetProperty("missing_error").GetString());
        Assert.Equal("InvalidParameterValue", report.GetProperty("invalid_error").GetString());
        Assert.Equal(0, report.GetProperty("after_delete").GetInt32());
    }

    [Fact]
    public async Task Boto3Legacy_AlarmLifecycle() => AssertReport(await RunAsync("/usr/bin/python3"));

    [Fact]
    public async Task Boto3Modern_AlarmLifecycle()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, ClientProcess.InstallHint);
        AssertReport(await RunAsync(python!));
    }

    [Fact]
    public async Task Boto3Modern_Cbor_AlarmLifecycle()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, ClientProcess.InstallHint);
        AssertReport(await RunAsync(python!, "--protocol", "smithy-rpc-v2-cbor"));
    }
}
