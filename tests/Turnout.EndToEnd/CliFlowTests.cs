using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>The notebook's deploy/invoke/shift/delete flow through the AWS CLI (clients/cli_flow.sh), per CLI generation.</summary>
public sealed class CliFlowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromSeconds(300);

    [Fact]
    public Task CliFlow_DebianAwsCliV2_Passes() => RunAsync(AwsClients.AwsCliV2);

    [PathAwsCliFact]
    public Task CliFlow_PathAwsCli_Passes() => RunAsync(AwsClients.PathAwsCli);

    private async Task RunAsync(ClientProbe cli)
    {
        Assert.True(cli.Usable, $"{cli.Problem} (bash .ci/run installs Debian's awscli)");
        output.WriteLine($"client: {cli.Path} ({cli.Version})");

        await using var server = await TurnoutServer.StartAsync(output);
        var environment = AwsClientEnvironment.Create(server.WorkDir);
        environment["AWS"] = cli.Path;
        environment["ENDPOINT_URL"] = server.EndpointUrl;
        environment["EXAMPLES_DIR"] = RepoPaths.Examples;
        environment["EXPECTED"] = RepoPaths.ExpectedPredictions;
        environment["WORK_DIR"] = server.WorkDir;
        environment["MODEL_URL1"] = TurnoutServer.ModelUrl1;
        environment["MODEL_URL2"] = TurnoutServer.ModelUrl2;

        var result = await ClientProcess.RunAsync(
            "/bin/bash", [Path.Combine(RepoPaths.Clients, "cli_flow.sh")], environment, ScriptDeadline);

        output.WriteLine("---- cli_flow.sh ----");
        output.WriteLine(result.Output.All);
        Assert.True(result.Succeeded, result.Describe("cli_flow.sh"));
        Assert.Contains("PASS: cli flow", result.Output.StandardOutput, StringComparison.Ordinal);
    }
}
