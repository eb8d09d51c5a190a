using System.Diagnostics;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>The CLI signs with SigV4: against a real <c>turnout serve --credentials</c>, the right key works and a wrong one exits 5.</summary>
public sealed class CliAuthTests(ITestOutputHelper output)
{
    private const string KeyId = "AKIDCLIE2E";
    private const string Secret = "cli-e2e-Secret/Value+0123456789abcdef";

    [Fact]
    public async Task SignedRequests_AgainstACredentialsServer()
    {
        var dir = Directory.CreateTempSubdirectory("turnout-cli-auth-").FullName;
        var credentials = Path.Combine(dir, "keys.json");
        await File.WriteAllTextAsync(credentials, $$"""{"keys": [{"accessKeyId": "{{KeyId}}", "secretAccessKey": "{{Secret}}"}]}""");
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var log = new OutputLog();
        using var server = new Process
        {
            StartInfo = new ProcessStartInfo(DotnetHost.Path)
            {
                ArgumentList = { RepoPaths.TurnoutDll, "serve", "--urls", url, "--data-dir", Path.Combine(dir, "data"), "--credentials", credentials },
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        log.Attach(server);
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            await WaitReadyAsync(url, server, log);
            var model = new Uri(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model.tar.gz")).AbsoluteUri;

            // Keys as flags.
            var listed = await CliBinary.RunAsync(url, ["endpoints", "list", "--access-key", KeyId, "--secret-key", Secret]);
            Assert.True(listed.Succeeded, listed.Describe("signed endpoints list"));

            // Keys from the environment, as the AWS CLI takes them.
            var env = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = KeyId, ["AWS_SECRET_ACCESS_KEY"] = Secret };
            Assert.True((await CliBinary.RunAsync(url, ["models", "create", "m1", "--model-data", model], env)).Succeeded);

            // Keys from a profile of a shared credentials file.
            var shared = Path.Combine(dir, "credentials");
            await File.WriteAllTextAsync(shared, $"[default]\naws_access_key_id = nobody\naws_secret_access_key = nothing-at-all-here\n[turnout]\naws_access_key_id = {KeyId}\naws_secret_access_key = {Secret}\n");
            var profile = new Dictionary<string, string?> { ["AWS_SHARED_CREDENTIALS_FILE"] = shared };
            Assert.True((await CliBinary.RunAsync(url, ["configs", "create", "c1", "--variant", "V1=m1", "--profile", "turnout"], profile)).Succeeded);
            var created = await CliBinary.RunAsync(url, ["endpoints", "create", "e1", "--config", "c1", "--profile", "turnout"], profile);
            Assert.True(created.Succeeded, created.Describe("signed endpoints create"));
            var row = File.ReadLines(Path.Combine(RepoPaths.Examples, "test_data", "test-dataset.csv")).First();
            var invoked = await CliBinary.RunAsync(url, ["invoke", "e1", "--body", row[(row.IndexOf(',', StringComparison.Ordinal) + 1)..], "--profile", "turnout"], profile);
            Assert.True(invoked.Succeeded, invoked.Describe("signed invoke"));
            Assert.Contains("Split: V1 1 (100.0%)", invoked.Output.StandardOutput, StringComparison.Ordinal);
            var metrics = await CliBinary.RunAsync(url, ["metrics", "e1", "--since", "10m", "--output", "json"], env);
            Assert.True(metrics.Succeeded, metrics.Describe("signed metrics (CloudWatch scope)"));

            var wrong = await CliBinary.RunAsync(url, ["endpoints", "list", "--access-key", KeyId, "--secret-key", Secret + "x"]);
            Assert.Equal(5, wrong.ExitCode);
            Assert.Contains("InvalidSignatureException", wrong.Output.StandardError, StringComparison.Ordinal);
            Assert.Contains("Check the access key and secret", wrong.Output.StandardError, StringComparison.Ordinal);

            var unknown = await CliBinary.RunAsync(url, ["endpoints", "list", "--access-key", "AKIDUNKNOWN", "--secret-key", Secret]);
            Assert.Equal(5, unknown.ExitCode);

            var unsigned = await CliBinary.RunAsync(url, ["endpoints", "list"]);
            Assert.Equal(5, unsigned.ExitCode);
            Assert.Contains("pass --access-key and --secret-key", unsigned.Output.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync();
            output.WriteLine(log.Tail(100));
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task WaitReadyAsync(string url, Process server, OutputLog log)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && !server.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(url + "/ping");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("turnout serve --credentials did not become ready:\n" + log.Tail(50));
    }
}
