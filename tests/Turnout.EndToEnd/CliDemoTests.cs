using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary><c>turnout demo</c> from a directory that is not the repository: everything it needs is inside the binary.</summary>
public sealed partial class CliDemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_RunsToCompletion_NarratingEachStep()
    {
        var elsewhere = Directory.CreateTempSubdirectory("turnout-demo-cwd-").FullName;
        try
        {
            var result = await CliBinary.RunAsync(null, ["demo"], workingDirectory: elsewhere, deadline: TimeSpan.FromMinutes(4));
            var stdout = result.Output.StandardOutput;
            output.WriteLine(stdout);
            output.WriteLine($"demo wall time: {result.Elapsed.TotalSeconds:F1} s");
            Assert.True(result.Succeeded, result.Describe("turnout demo"));

            Assert.Matches(@"1\. Server started at http://127\.0\.0\.1:\d+", stdout);
            Assert.Contains("2. Deployed the notebook's two XGBoost churn models as Variant1 (churn-a) and Variant2 (churn-b)", stdout, StringComparison.Ordinal);
            var split = SplitLine().Match(stdout);
            Assert.True(split.Success, "no 50/50 split line");
            var (v1, v2) = (int.Parse(split.Groups[1].Value), int.Parse(split.Groups[2].Value));
            Assert.Equal(334, v1 + v2);
            // 334 fair coin flips: 5 standard deviations is ±46.
            Assert.InRange(v1, 167 - 46, 167 + 46);
            Assert.Contains("CloudWatch (GetMetricStatistics) agrees: Variant1 " + v1 + " invocations", stdout, StringComparison.Ordinal);
            Assert.Contains("4. Evaluating both variants on the 334 labelled rows", stdout, StringComparison.Ordinal);
            Assert.Contains("ROC AUC", stdout, StringComparison.Ordinal);
            Assert.Contains("95% CI", stdout, StringComparison.Ordinal);
            Assert.Contains("Winner: Variant2", stdout, StringComparison.Ordinal);
            Assert.Matches(@"5\. Shifted weights to Variant1 25 / Variant2 75 .* Live split: Variant1 \d+ \(\d+\.\d%\), Variant2 \d+", stdout);
            Assert.Contains("6. Shifted weights to Variant1 0 / Variant2 100 (UpdateEndpointWeightsAndCapacities, no redeploy). Live split: Variant1 0 (0.0%), Variant2 334 (100.0%).", stdout, StringComparison.Ordinal);
            Assert.Contains("7. Removed Variant1: config churn-ab-v2 with Variant2 only, rolled out blue/green (UpdateEndpoint). churn-ab now serves Variant2.", stdout, StringComparison.Ordinal);
            Assert.Matches(@"Demo complete in \d+\.\d s\.", stdout);
            Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [GeneratedRegex(@"3\. Sent 334 rows .* Live split: Variant1 (\d+) \(\d+\.\d%\), Variant2 (\d+)")]
    private static partial Regex SplitLine();
}
