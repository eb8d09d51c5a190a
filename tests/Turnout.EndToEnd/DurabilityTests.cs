using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// kill -9 during bursts of control-plane calls: every call the server acknowledged (200) before it died is
/// still there after a restart, every acknowledged delete is still gone, and SQLite's integrity check passes
/// on the database exactly as the killed process left it.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const int Rounds = 5;
    private const int Workers = 8;

    private sealed record Ack(string Operation, string Name);

    [Fact]
    public async Task KillNine_DuringControlPlaneBursts_EveryAcknowledgedChangeSurvives_DatabaseIntact()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var acknowledged = new ConcurrentQueue<Ack>();
        var live = new ConcurrentDictionary<string, byte>();
        var deleteAttempted = new ConcurrentDictionary<string, byte>();
        var sequence = 0;
        var random = new Random(7);
        var totalAcks = 0;

        for (var round = 1; round <= Rounds; round++)
        {
            using var stop = new CancellationTokenSource();
            var roundAcks = 0;
            // Kill after a varying number of acknowledgements so the kill lands at different points of the burst.
            var killAfter = 20 + random.Next(60);
            var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(10) };
                var mine = new Random(round * 100 + w);
                while (!stop.IsCancellationRequested)
                {
                    var (operation, name, body) = NextCall(mine, live, ref sequence);
                    if (operation == "DeleteModel")
                    {
                        deleteAttempted[name] = 0;
                    }

                    HttpStatusCode status;
                    try
                    {
                        status = await CallAsync(http, operation, body);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the server is gone; this call's outcome is unknown and asserts nothing
                    }

                    if (status != HttpStatusCode.OK)
                    {
                        continue;
                    }

                    acknowledged.Enqueue(new Ack(operation, name));
                    if (operation == "DeleteModel")
                    {
                        live.TryRemove(name, out _);
                    }
                    else if (operation == "CreateModel")
                    {
                        live[name] = 0;
                    }

                    Interlocked.Increment(ref roundAcks);
                }
            })).ToArray();

            var deadline = Stopwatch.StartNew();
            while (Volatile.Read(ref roundAcks) < killAfter && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5);
            }

            Assert.True(Volatile.Read(ref roundAcks) >= killAfter, $"round {round}: only {roundAcks} acknowledgements in 60 s");
            await server.StopAsync(); // SIGKILL while the workers are mid-call
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            totalAcks += roundAcks;

            Assert.Equal("ok", await IntegrityCheckAsync(Path.Combine(server.DataDir, "turnout.db")));
            await server.StartAgainAsync();
            await VerifyAsync(server, acknowledged.ToArray(), deleteAttempted);
            output.WriteLine($"round {round}: killed after {roundAcks} acknowledged calls; {acknowledged.Count} verified so far");
        }

        output.WriteLine($"kill -9 rounds: {Rounds}; acknowledged control-plane changes verified: {totalAcks}");
    }

    private static (string Operation, string Name, JsonObject Body) NextCall(Random random, ConcurrentDictionary<string, byte> live, ref int sequence)
    {
        var pick = random.Next(10);
        if (pick < 2 && live.Keys.FirstOrDefault() is { } victim && live.TryRemove(victim, out _))
        {
            // Taken out of `live` so no config is built on it; a failed delete leaves it out (no assertion on it).
            return ("DeleteModel", victim, new JsonObject { ["ModelName"] = victim });
        }

        var id = Interlocked.Increment(ref sequence);
        if (pick < 4 && live.Keys.FirstOrDefault() is { } model)
        {
            var config = $"dur-cfg-{id}";
            return ("CreateEndpointConfig", config, new JsonObject
            {
                ["EndpointConfigName"] = config,
                ["ProductionVariants"] = new JsonArray(new JsonObject
                {
                    ["VariantName"] = "AllTraffic",
                    ["ModelName"] = model,
                    ["InstanceType"] = "ml.m5.xlarge",
                    ["InitialInstanceCount"] = 1,
                }),
            });
        }

        var name = $"dur-model-{id}";
        return ("CreateModel", name, new JsonObject
        {
            ["ModelName"] = name,
            ["ExecutionRoleArn"] = NotebookDeployment.Role,
            ["PrimaryContainer"] = new JsonObject { ["Image"] = NotebookDeployment.Image1, ["ModelDataUrl"] = TurnoutServer.ModelUrl1 },
        });
    }

    private static async Task<HttpStatusCode> CallAsync(HttpClient http, string operation, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "SageMaker." + operation);
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    /// <summary>Acknowledged creates are readable; acknowledged deletes stay deleted (names are never reused).</summary>
    private static async Task VerifyAsync(TurnoutServer server, Ack[] acks, ConcurrentDictionary<string, byte> deleteAttempted)
    {
        using var sm = new SageMakerHttp(server.BaseUri);
        var deleted = acks.Where(a => a.Operation == "DeleteModel").Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var ack in acks)
        {
            if (ack.Operation == "CreateModel" && deleteAttempted.ContainsKey(ack.Name) && !deleted.Contains(ack.Name))
            {
                continue; // its delete was in flight at the kill: either outcome is correct
            }

            var (describe, member) = ack.Operation == "CreateEndpointConfig" ? ("DescribeEndpointConfig", "EndpointConfigName") : ("DescribeModel", "ModelName");
            var response = await sm.ControlAsync(describe, new JsonObject { [member] = ack.Name });
            var shouldExist = ack.Operation == "CreateEndpointConfig" || (ack.Operation == "CreateModel" && !deleted.Contains(ack.Name));
            if (shouldExist)
            {
                Assert.True(response.Status == HttpStatusCode.OK, $"acknowledged {ack.Operation} {ack.Name} lost:\n{response}");
            }
            else
            {
                Assert.True(response.Status == HttpStatusCode.BadRequest && response.Body.Contains("Could not find", StringComparison.Ordinal),
                    $"acknowledged DeleteModel {ack.Name} came back:\n{response}");
            }
        }
    }

    /// <summary>PRAGMA integrity_check through Python's sqlite3 (not Turnout's code), on the files the killed process left.</summary>
    private static async Task<string> IntegrityCheckAsync(string database)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA integrity_check').fetchone()[0]); print(c.execute('PRAGMA journal_mode').fetchone()[0], file=sys.stderr)");
        start.ArgumentList.Add(database);
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        Assert.Equal("wal", stderr.Trim());
        return stdout.Trim();
    }
}
