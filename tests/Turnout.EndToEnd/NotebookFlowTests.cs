using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>The AWS A/B testing notebook (clients/notebook_flow.py) against a fresh server, per boto3 generation.</summary>
public sealed class NotebookFlowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromSeconds(180);

    [Fact]
    public Task NotebookFlow_DebianBoto3_Passes() => RunAsync(AwsClients.DebianBoto3);

    [PathBoto3Fact]
    public Task NotebookFlow_PathBoto3_Passes() => RunAsync(AwsClients.PathBoto3);

    private async Task RunAsync(ClientProbe python)
    {
        Assert.True(python.Usable, $"{python.Problem} (bash .ci/run installs Debian's python3-boto3)");
        output.WriteLine($"client: {python.Path} ({python.Version})");

        await using var server = await TurnoutServer.StartAsync(output);
        var result = await ClientProcess.RunAsync(
            python.Path!,
            [
                Path.Combine(RepoPaths.Clients, "notebook_flow.py"),
                "--endpoint-url", server.EndpointUrl,
                "--examples-dir", RepoPaths.Examples,
                "--expected", RepoPaths.ExpectedPredictions,
                "--model-url", TurnoutServer.ModelUrl1,
                "--model-url2", TurnoutServer.ModelUrl2,
            ],
            AwsClientEnvironment.Create(server.WorkDir),
            ScriptDeadline);

        output.WriteLine("---- notebook_flow.py ----");
        output.WriteLine(result.Output.All);
        Assert.True(result.Succeeded, result.Describe("notebook_flow.py"));
        Assert.Contains("PASS: notebook flow", result.Output.StandardOutput, StringComparison.Ordinal);
    }
}
