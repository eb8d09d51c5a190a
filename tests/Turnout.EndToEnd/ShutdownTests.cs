using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// SIGTERM with invocations in flight: they finish with 200, new connections are refused while they do, the
/// process exits by itself, and the metrics and data captures of every answered invocation are there after a
/// restart. The in-flight invocations are slow because the server runs with TURNOUT_TEST_FAULTS=1 and their
/// first feature asks the real model path to block for 4 s.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const string Endpoint = "sigterm";
    private const int Quick = 6;
    private const int Slow = 4;

    [Fact]
    public async Task Sigterm_InFlightFinish_NewConnectionsRefused_MetricsAndCapturesFlushed()
    {
        await using var server = await TurnoutServer.StartAsync(output, environment: new Dictionary<string, string> { ["TURNOUT_TEST_FAULTS"] = "1" });
        using var sm = new SageMakerHttp(server.BaseUri);
        await DeployWithCaptureAsync(sm);
        var rows = NotebookData.Rows.TakeLast(Quick).ToArray();
        foreach (var row in rows)
        {
            var quick = await sm.InvokeAsync(Endpoint, row.Features, "Variant1");
            Assert.True(quick.Status == HttpStatusCode.OK, quick.ToString());
        }

        // 4 s: longer than System.CommandLine's default 2 s grace after SIGTERM, which once cut these requests off.
        var slowRow = SlowRow(rows[0].Features, seconds: 4);
        var clock = Stopwatch.StartNew();
        var inFlight = Enumerable.Range(0, Slow).Select(_ => Task.Run(() => sm.InvokeAsync(Endpoint, slowRow, "Variant1"))).ToArray();
        // SIGTERM once the server holds all of them (its own in-flight gauge), so none can be refused as new.
        using (var scrape = new HttpClient { BaseAddress = server.BaseUri })
        {
            var gauge = $"turnout_invocations_in_flight{{endpoint=\"{Endpoint}\",variant=\"Variant1\"}} {Slow}";
            while (!(await scrape.GetStringAsync("/metrics")).Contains(gauge, StringComparison.Ordinal))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), "the slow requests never all reached the model");
                await Task.Delay(20);
            }
        }

        await server.SendTermAsync();

        // New connections are refused while the slow ones are still running.
        var refused = false;
        while (clock.Elapsed < TimeSpan.FromSeconds(3.8) && !refused)
        {
            refused = !await CanConnectAsync(server.Port);
        }

        Assert.True(refused, "the server still accepted connections after SIGTERM");
        foreach (var response in await Task.WhenAll(inFlight))
        {
            Assert.True(response.Status == HttpStatusCode.OK, "in-flight request not finished: " + response);
        }

        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, exit);
        output.WriteLine($"exited with {exit} {clock.Elapsed.TotalSeconds:F1} s after the slow requests started");

        await server.StartAgainAsync();
        Assert.Equal(Quick + Slow, await CloudWatchQuery.InvocationsSumAsync(server, Endpoint, "Variant1", DateTime.UtcNow.AddHours(-1)));
        Assert.Equal(Quick + Slow, CaptureRecords(server));
    }

    private static string SlowRow(string features, int seconds)
    {
        var fields = features.Split(',');
        fields[0] = "-8888";
        fields[1] = seconds.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', fields);
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task DeployWithCaptureAsync(SageMakerHttp sm)
    {
        await sm.ControlOkAsync("CreateModel", new JsonObject
        {
            ["ModelName"] = "sigterm-m1",
            ["ExecutionRoleArn"] = NotebookDeployment.Role,
            ["PrimaryContainer"] = new JsonObject { ["Image"] = NotebookDeployment.Image1, ["ModelDataUrl"] = TurnoutServer.ModelUrl1 },
        });
        await sm.ControlOkAsync("CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = Endpoint,
            ["ProductionVariants"] = new JsonArray(new JsonObject
            {
                ["VariantName"] = "Variant1", ["ModelName"] = "sigterm-m1", ["InstanceType"] = "ml.m5.xlarge", ["InitialInstanceCount"] = 1,
            }),
            ["DataCaptureConfig"] = new JsonObject
            {
                ["EnableCapture"] = true,
                ["InitialSamplingPercentage"] = 100,
                ["DestinationS3Uri"] = "s3://captures/sigterm",
                ["CaptureOptions"] = new JsonArray(new JsonObject { ["CaptureMode"] = "Input" }, new JsonObject { ["CaptureMode"] = "Output" }),
            },
        });
        await sm.ControlOkAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = Endpoint, ["EndpointConfigName"] = Endpoint });
        var described = await sm.WaitForEndpointAsync(Endpoint, TimeSpan.FromSeconds(60));
        Assert.Equal("InService", (string?)described["EndpointStatus"]);
    }

    private static int CaptureRecords(TurnoutServer server)
    {
        var root = Path.Combine(server.S3Root, "captures", "sigterm");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).Count(l => l.Length > 0))
            : 0;
    }
}
