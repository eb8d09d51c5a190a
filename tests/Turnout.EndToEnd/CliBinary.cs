using System.Text.Json;
using Turnout.EndToEnd.Infrastructure;

namespace Turnout.EndToEnd;

/// <summary>Runs the real <c>turnout</c> binary as a client, its stdout piped (so plain text, no colour), with a clean AWS environment.</summary>
internal static class CliBinary
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    public static Task<ProcessResult> RunAsync(string? endpointUrl, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? deadline = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["TURNOUT_ENDPOINT_URL"] = endpointUrl,
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/turnout-e2e-credentials",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        return ClientProcess.RunAsync(DotnetHost.Path, [RepoPaths.TurnoutDll, .. arguments], env, deadline ?? Deadline, workingDirectory);
    }

    /// <summary>Runs and asserts exit code 0, returning stdout.</summary>
    public static async Task<string> OkAsync(string? endpointUrl, params string[] arguments)
    {
        var result = await RunAsync(endpointUrl, arguments);
        Assert.True(result.Succeeded, result.Describe("turnout " + string.Join(' ', arguments)));
        return result.Output.StandardOutput;
    }

    /// <summary>Runs with <c>--output json</c> and parses stdout.</summary>
    public static async Task<JsonElement> JsonAsync(string? endpointUrl, params string[] arguments)
    {
        var stdout = await OkAsync(endpointUrl, [.. arguments, "--output", "json"]);
        using var document = JsonDocument.Parse(stdout);
        return document.RootElement.Clone();
    }
}
