using System.CommandLine;
using System.Text.Json;
using Turnout.Cli;
using Turnout.Tests.Models;
using static Turnout.Tests.Analysis.AnalysisFixtures;

namespace Turnout.Tests.Analysis;

public sealed class EvaluateCommandTests(ChurnServerFixture churn) : IClassFixture<ChurnServerFixture>
{
    [Fact]
    public async Task RunAsync_NotebookTestSetJson_MetricsEqualSklearn()
    {
        var (code, stdout, stderr) = await RunAsync(Settings() with { Output = "json" });

        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("binary", json.GetProperty("problem").GetString());
        Assert.Equal("Variant1", json.GetProperty("baseline").GetString());
        var variants = json.GetProperty("variants").EnumerateArray().ToArray();
        Assert.Equal(["Variant1", "Variant2"], variants.Select(v => v.GetProperty("name").GetString()));
        for (var i = 0; i < 2; i++)
        {
            var expected = Case("binary_metrics.json", $"churn_model{i + 1}").GetProperty("expected");
            var metrics = variants[i].GetProperty("metrics");
            Assert.Equal(334, variants[i].GetProperty("count").GetInt32());
            foreach (var name in new[] { "accuracy", "precision", "recall", "f1", "specificity", "roc_auc", "pr_auc", "log_loss", "brier" })
            {
                Close(expected.Number(name), metrics.Number(name), 1e-9, $"Variant{i + 1} {name}");
            }

            var confusion = variants[i].GetProperty("confusion_matrix");
            foreach (var cell in new[] { "tp", "fp", "tn", "fn" })
            {
                Assert.Equal((int)expected.Number(cell), confusion.GetProperty(cell).GetInt32());
            }
        }

        var delong = Load("delong.json").GetProperty("paired").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "churn_model2_vs_model1");
        var auc = json.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "roc_auc");
        Assert.Equal("Variant2", auc.GetProperty("variant").GetString());
        Close(delong.Number("p"), auc.Number("p_value"), 1e-9, "DeLong p");
        Close(delong.Number("lower"), auc.GetProperty("ci")[0].GetDouble(), 1e-9, "DeLong lower");
        Close(delong.Number("upper"), auc.GetProperty("ci")[1].GetDouble(), 1e-9, "DeLong upper");
        Assert.Equal("keep_collecting", json.GetProperty("recommendation").GetProperty("verdict").GetString());
        Assert.Contains("Variant2: 334/334 rows", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TableOutput_ShowsVariantsIntervalsAndRecommendation()
    {
        var (code, stdout, stderr) = await RunAsync(Settings() with { Baseline = "Variant2", Concurrency = 8 });

        Assert.True(code == 0, stderr);
        Assert.Contains("Variant2 (baseline)", stdout, StringComparison.Ordinal);
        Assert.Contains("Variant1 − Variant2", stdout, StringComparison.Ordinal);
        Assert.Contains("ROC AUC", stdout, StringComparison.Ordinal);
        Assert.Contains("0.9181", stdout, StringComparison.Ordinal);
        Assert.Contains("37 / 3 / 283 / 11", stdout, StringComparison.Ordinal);
        Assert.Contains("keep collecting data", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownEndpoint_ExitsThree()
    {
        var (code, _, stderr) = await RunAsync(Settings() with { Endpoint = "no-such-endpoint" });

        Assert.Equal(3, code);
        Assert.Contains("DescribeEndpoint failed with HTTP 400", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ServerUnreachable_ExitsThree()
    {
        var (code, _, stderr) = await RunAsync(Settings() with { EndpointUrl = "http://127.0.0.1:1" });

        Assert.Equal(3, code);
        Assert.Contains("cannot reach", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownBaseline_ExitsTwo()
    {
        var (code, _, stderr) = await RunAsync(Settings() with { Baseline = "Variant9" });

        Assert.Equal(2, code);
        Assert.Contains("no variant 'Variant9'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingDataFile_ExitsTwo()
    {
        var (code, _, stderr) = await RunAsync(Settings() with { DataPath = "/nonexistent/labels.csv" });

        Assert.Equal(2, code);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--threshold", "abc")]
    [InlineData("--no-such-option", "1")]
    public async Task Invoke_ParseError_ExitsTwo(string option, string value)
    {
        var root = new RootCommand { EvaluateCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await root.Parse(["evaluate", "--endpoint", "x", "--data", "y", option, value])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(2, code);
        Assert.Contains("turnout evaluate:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_MissingEndpoint_ExitsTwo()
    {
        var root = new RootCommand { EvaluateCommand.Create() };
        using var error = new StringWriter();

        var code = await root.Parse(["evaluate", "--data", RepoPaths.ChurnTestData]).InvokeAsync(new InvocationConfiguration { Output = TextWriter.Null, Error = error });

        Assert.Equal(2, code);
        Assert.Contains("--endpoint is required", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CsvAndJsonBodies_ReadsEveryNumber()
    {
        Assert.Equal([0.37], EvaluateReplay.Parse("0.37\n", "V", 0));
        Assert.Equal([0.1, 0.9], EvaluateReplay.Parse("[0.1, 0.9]", "V", 0));
        Assert.Throws<EndpointException>(() => EvaluateReplay.Parse("oops", "V", 0));
    }

    private EvaluateSettings Settings() => new()
    {
        Endpoint = ChurnServerFixture.Endpoint,
        DataPath = RepoPaths.ChurnTestData,
        EndpointUrl = churn.Url,
    };

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(EvaluateSettings settings)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await EvaluateCommand.RunAsync(settings, output, error, interactive: false, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
