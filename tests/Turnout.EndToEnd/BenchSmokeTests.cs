using System.Text.Json;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// bench/run.sh --smoke: the load benchmark runs end to end (ceiling, gunicorn peer, Turnout's three endpoints)
/// and writes its JSON. Deliberately no timing assertions: the numbers belong in bench/README.md.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["ceiling", "peer", "turnout-one", "turnout-two", "turnout-capture"];

    [Fact]
    public async Task Smoke_RunsEveryTargetAndWritesTheJson()
    {
        var dir = Directory.CreateTempSubdirectory("turnout-bench-smoke-");
        try
        {
            var json = Path.Combine(dir.FullName, "smoke.json");
            var environment = new Dictionary<string, string?> { ["DOTNET_HOST_PATH"] = DotnetHost.Path };
            var result = await ClientProcess.RunAsync("/bin/bash",
                [Path.Combine(RepoPaths.Root, "bench", "run.sh"), "--smoke", "--no-build", "--configuration", RepoPaths.Configuration, "--out", json],
                environment, TimeSpan.FromMinutes(5));
            output.WriteLine(result.Output.All);
            Assert.True(result.Succeeded, result.Describe("bench/run.sh --smoke") + " (bash .ci/run installs wrk, gunicorn, python3-flask, python3-xgboost)");

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = document.RootElement;
            Assert.Equal(1, root.GetProperty("schema").GetInt32());
            Assert.True(root.GetProperty("config").GetProperty("smoke").GetBoolean());

            var points = root.GetProperty("points").EnumerateArray().ToList();
            foreach (var target in Targets)
            {
                foreach (var payload in new[] { "row", "batch" })
                {
                    var point = points.SingleOrDefault(p => p.GetProperty("target").GetString() == target && p.GetProperty("payload").GetString() == payload
                        && p.GetProperty("connections").GetInt32() == 16);
                    Assert.True(point.ValueKind == JsonValueKind.Object, $"no {target}/{payload}/16 point in {json}");
                    var median = point.GetProperty("median");
                    foreach (var key in new[] { "rps", "p50_us", "p99_us", "p999_us" })
                    {
                        Assert.True(median.TryGetProperty(key, out _), $"{target}/{payload} median has no {key}");
                    }

                    Assert.True(median.GetProperty("rps").GetDouble() > 0, $"{target}/{payload} served nothing");
                    // Non-2xx answers would mean a broken deployment; timeouts on a loaded machine are not asserted.
                    foreach (var run in point.GetProperty("runs").EnumerateArray())
                    {
                        Assert.Equal(0, run.GetProperty("error_detail").GetProperty("status").GetInt32());
                    }
                }
            }

            Assert.True(points.Single(p => p.GetProperty("target").GetString() == "turnout-one" && p.GetProperty("payload").GetString() == "row"
                && p.GetProperty("connections").GetInt32() == 16).GetProperty("median").TryGetProperty("alloc_bytes_per_request", out _));
            var ratios = root.GetProperty("ratios").EnumerateArray().ToList();
            Assert.Contains(ratios, r => r.TryGetProperty("turnout_over_peer_rps", out _) && r.TryGetProperty("turnout_over_ceiling_rps", out _));
            Assert.NotEmpty(root.GetProperty("goals").EnumerateArray());
            Assert.True(root.GetProperty("rss").GetProperty("samples").GetArrayLength() > 0);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
