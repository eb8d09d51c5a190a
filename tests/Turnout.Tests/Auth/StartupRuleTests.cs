using System.Diagnostics;
using System.Text;

namespace Turnout.Tests.Auth;

/// <summary>The real <c>turnout</c> binary: loopback-only without credentials, refusal of exposed unauthenticated bindings.</summary>
public sealed class StartupRuleTests
{
    private static string TurnoutDll()
    {
        // The test assembly lives in tests/Turnout.Tests/bin/<Configuration>/net10.0/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Turnout", "bin", configuration, "net10.0", "turnout.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"src/Turnout/bin/{configuration}/net10.0/turnout.dll not found above {AppContext.BaseDirectory}; build src/Turnout first.");
    }

    private static ProcessStartInfo Serve(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TurnoutDll());
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--data-dir");
        info.ArgumentList.Add(AuthTestKeys.NewDirectory());
        info.ArgumentList.Add("--log-format");
        info.ArgumentList.Add("text");
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static async Task<(int ExitCode, string Stderr)> RunToExitAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("turnout serve did not exit within 30 s: " + await stderr);
        }

        return (process.ExitCode, await stderr);
    }

    /// <summary>Starts the server, waits (bounded) for a stdout line containing <paramref name="expected"/>, then stops it.</summary>
    private static async Task<string> StartAndWaitForLineAsync(ProcessStartInfo info, string expected)
    {
        using var process = Process.Start(info)!;
        var seen = new StringBuilder();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains(expected, StringComparison.Ordinal))
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"turnout exited ({process.ExitCode}) without logging '{expected}':\n{seen}{await process.StandardError.ReadToEndAsync()}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"turnout did not log '{expected}' within 30 s:\n{seen}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://127.0.0.1:0;http://*:0")]
    public async Task Serve_NonLoopbackWithoutCredentials_ExitsNonZeroWithMessage(string urls)
    {
        var (exit, stderr) = await RunToExitAsync(Serve("--urls", urls));
        Assert.NotEqual(0, exit);
        Assert.Contains("Refusing to listen on", stderr, StringComparison.Ordinal);
        Assert.Contains("--insecure-no-auth", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BrokenCredentialsFile_ExitsNonZeroWithReason()
    {
        var file = Path.Combine(AuthTestKeys.NewDirectory(), "keys.json");
        await File.WriteAllTextAsync(file, """{"keys": [{"accessKeyId": "AKID1", "secretAccessKey": "Secret-Never-Printed-0123"}], "extra": 1}""");
        var (exit, stderr) = await RunToExitAsync(Serve("--urls", "http://0.0.0.0:0", "--credentials", file));
        Assert.NotEqual(0, exit);
        Assert.Contains("unknown top-level member \"extra\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret-Never-Printed", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_LoopbackWithoutCredentialsOrInsecureFlag_StartsAndSaysSo()
    {
        var loopback = StartAndWaitForLineAsync(Serve("--urls", "http://127.0.0.1:0"), "listens on loopback only");
        var insecure = StartAndWaitForLineAsync(Serve("--urls", "http://0.0.0.0:0", "--insecure-no-auth"), "authentication is OFF");
        Assert.Contains("No --credentials given", await loopback, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", await insecure, StringComparison.Ordinal);
    }
}
