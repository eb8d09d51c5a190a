using System.Text.Json;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>The <c>turnout</c> client commands, run as a real process against a real <c>turnout serve</c>.</summary>
public sealed class CliCommandsTests(ITestOutputHelper output)
{
    private static IEnumerable<string> Rows(int count) =>
        File.ReadLines(Path.Combine(RepoPaths.Examples, "test_data", "test-dataset.csv")).Take(count).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]);

    private static async Task DeployAsync(string url, string w1 = "1", string w2 = "1")
    {
        await CliBinary.OkAsync(url, "models", "create", "churn-a", "--model-data", TurnoutServer.ModelUrl1);
        await CliBinary.OkAsync(url, "models", "create", "churn-b", "--model-data", TurnoutServer.ModelUrl2);
        await CliBinary.OkAsync(url, "configs", "create", "ab-v1", "--variant", $"Variant1=churn-a:{w1}", "--variant", $"Variant2=churn-b:{w2}");
        var created = await CliBinary.OkAsync(url, "endpoints", "create", "churn-ab", "--config", "ab-v1");
        Assert.Contains("endpoint churn-ab created", created, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_ListDescribeCreateDelete()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var url = server.EndpointUrl;
        await DeployAsync(url, "3", "1");

        var models = await CliBinary.JsonAsync(url, "models", "list");
        Assert.Equal(["churn-a", "churn-b"], models.GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()));
        var model = await CliBinary.JsonAsync(url, "models", "describe", "churn-b");
        Assert.Equal(TurnoutServer.ModelUrl2, model.GetProperty("PrimaryContainer").GetProperty("ModelDataUrl").GetString());

        var config = await CliBinary.JsonAsync(url, "configs", "describe", "ab-v1");
        Assert.Equal([3f, 1f], config.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("InitialVariantWeight").GetSingle()));
        Assert.Contains("ab-v1", await CliBinary.OkAsync(url, "configs", "list"), StringComparison.Ordinal);

        var endpoints = await CliBinary.JsonAsync(url, "endpoints", "list");
        Assert.Equal("InService", endpoints.GetProperty("Endpoints")[0].GetProperty("EndpointStatus").GetString());
        var table = await CliBinary.OkAsync(url, "endpoints", "describe", "churn-ab");
        Assert.Contains("churn-ab: InService on config ab-v1", table, StringComparison.Ordinal);
        Assert.Matches(@"Variant1\s+3\s+75%", table);
        Assert.Matches(@"Variant2\s+1\s+25%", table);
        Assert.DoesNotContain("\u001b[", table, StringComparison.Ordinal); // piped: no ANSI colour

        await CliBinary.OkAsync(url, "endpoints", "delete", "churn-ab");
        await CliBinary.OkAsync(url, "configs", "delete", "ab-v1");
        await CliBinary.OkAsync(url, "models", "delete", "churn-a");
        var gone = await CliBinary.RunAsync(url, ["endpoints", "describe", "churn-ab"]);
        Assert.Equal(4, gone.ExitCode);
        Assert.Contains("Could not find endpoint", gone.Output.StandardError, StringComparison.Ordinal);
        Assert.Equal(["churn-b"], (await CliBinary.JsonAsync(url, "models", "list")).GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()));
    }

    [Fact]
    public async Task SetWeights_TrafficFollows_TargetVariantOverrides_MetricsCount()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var url = server.EndpointUrl;
        await DeployAsync(url);
        var rows = Path.Combine(server.WorkDir, "rows.csv");
        await File.WriteAllLinesAsync(rows, Rows(40));

        var shifted = await CliBinary.OkAsync(url, "endpoints", "set-weights", "churn-ab", "Variant1=0", "Variant2=1");
        Assert.Contains("weights set to Variant1=0, Variant2=1", shifted, StringComparison.Ordinal);
        var described = await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab");
        Assert.Equal([0f, 1f], described.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("CurrentWeight").GetSingle()));

        var weighted = await CliBinary.JsonAsync(url, "invoke", "churn-ab", "--file", rows);
        Assert.Equal(40, weighted.GetProperty("Results").GetArrayLength());
        Assert.All(weighted.GetProperty("Results").EnumerateArray(), r => Assert.Equal("Variant2", r.GetProperty("Variant").GetString()));
        Assert.Equal(40, weighted.GetProperty("Split").GetProperty("Variant2").GetInt32());

        // TargetVariant reaches the variant whose weight is 0.
        var targeted = await CliBinary.JsonAsync(url, "invoke", "churn-ab", "--file", rows, "--target-variant", "Variant1");
        Assert.All(targeted.GetProperty("Results").EnumerateArray(), r =>
        {
            Assert.Equal("Variant1", r.GetProperty("Variant").GetString());
            Assert.InRange(double.Parse(r.GetProperty("Body").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 0, 1);
        });

        await CliBinary.OkAsync(url, "endpoints", "set-weights", "churn-ab", "Variant1=1", "Variant2=0");
        var back = await CliBinary.OkAsync(url, "invoke", "churn-ab", "--file", rows);
        Assert.Contains("Split: Variant1 40 (100.0%)", back, StringComparison.Ordinal);

        // 40 weighted to Variant2, 40 targeted + 40 weighted to Variant1, read back through the CloudWatch API.
        var metrics = await CliBinary.JsonAsync(url, "metrics", "churn-ab", "--since", "15m");
        var invocations = metrics.GetProperty("Variants").EnumerateArray().ToDictionary(v => v.GetProperty("VariantName").GetString()!, v => v.GetProperty("Invocations").GetDouble());
        Assert.Equal(80, invocations["Variant1"]);
        Assert.Equal(40, invocations["Variant2"]);
        var only = await CliBinary.JsonAsync(url, "metrics", "churn-ab", "--variant", "Variant2", "--since", "1h");
        Assert.Equal(["Variant2"], only.GetProperty("Variants").EnumerateArray().Select(v => v.GetProperty("VariantName").GetString()));
        Assert.True(only.GetProperty("Variants")[0].GetProperty("ModelLatencyP99").GetDouble() > 0);
    }

    [Fact]
    public async Task Update_CanaryDeployment_MovesToTheNewConfig()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var url = server.EndpointUrl;
        await DeployAsync(url);
        await CliBinary.OkAsync(url, "configs", "create", "b-only", "--variant", "Variant2=churn-b");
        var updated = await CliBinary.RunAsync(url, ["endpoints", "update", "churn-ab", "--config", "b-only", "--canary", "50%", "--wait", "1s"]);
        Assert.True(updated.Succeeded, updated.Describe("endpoints update"));
        Assert.Contains("churn-ab now runs config b-only", updated.Output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("receives 50% of the endpoint's traffic", updated.Output.StandardError, StringComparison.Ordinal);
        var described = await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab");
        Assert.Equal("b-only", described.GetProperty("EndpointConfigName").GetString());
        Assert.Equal(["Variant2"], described.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("VariantName").GetString()));
    }

    [Fact]
    public async Task Errors_HaveDocumentedExitCodes()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var url = server.EndpointUrl;
        await DeployAsync(url);

        async Task Expect(int code, string stderr, params string[] arguments)
        {
            var result = await CliBinary.RunAsync(url, arguments);
            output.WriteLine($"turnout {string.Join(' ', arguments)} → {result.ExitCode}: {result.Output.StandardError.Trim()}");
            Assert.Equal(code, result.ExitCode);
            Assert.Contains(stderr, result.Output.StandardError, StringComparison.Ordinal);
        }

        await Expect(4, "Could not find endpoint", "endpoints", "describe", "no-such-endpoint");
        await Expect(4, "Could not find", "endpoints", "set-weights", "no-such-endpoint", "Variant1=1");
        await Expect(4, "not found", "invoke", "no-such-endpoint", "--body", "1,2,3");
        await Expect(4, "Variant9 not found", "invoke", "churn-ab", "--body", Rows(1).Single(), "--target-variant", "Variant9");
        await Expect(4, "no variant Variant9", "metrics", "churn-ab", "--variant", "Variant9");
        await Expect(2, "is not VARIANT=WEIGHT", "endpoints", "set-weights", "churn-ab", "Variant1");
        await Expect(2, "--since 'soon'", "metrics", "churn-ab", "--since", "soon");
        await Expect(2, "--canary and --linear", "endpoints", "update", "churn-ab", "--config", "ab-v1", "--canary", "10%", "--linear", "20%");
        await Expect(2, "Required argument 'NAME' missing", "endpoints", "describe");
        await Expect(2, "Unrecognized command or argument", "frobnicate");
        await Expect(2, "'yaml' not recognized", "endpoints", "list", "--output", "yaml");
        await Expect(2, "no such file", "invoke", "churn-ab", "--file", "/nonexistent/rows.csv");
        await Expect(2, "Cannot create already existing", "models", "create", "churn-a", "--model-data", TurnoutServer.ModelUrl1);

        var unreachable = await CliBinary.RunAsync($"http://127.0.0.1:{FreePort.Next()}", ["endpoints", "list"]);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("cannot reach Turnout", unreachable.Output.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpAndCompletion()
    {
        foreach (var command in new[] { new[] { "endpoints", "set-weights" }, ["endpoints", "update"], ["invoke"], ["metrics"], ["apply"], ["demo"], ["models", "create"], ["configs", "create"] })
        {
            var help = await CliBinary.OkAsync(null, [.. command, "--help"]);
            Assert.Contains("Examples:", help, StringComparison.Ordinal);
            Assert.Contains("Exit codes:", help, StringComparison.Ordinal);
        }

        var script = await CliBinary.OkAsync(null, "completion", "bash");
        Assert.Contains("complete -o default -F _turnout_complete turnout", script, StringComparison.Ordinal);
        var suggestions = await CliBinary.OkAsync(null, "[suggest:21]", "turnout endpoints set");
        Assert.Contains("set-weights", suggestions.Split('\n').Select(s => s.Trim()));
    }
}
