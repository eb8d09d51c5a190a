using System.Diagnostics;

namespace Turnout.Tests.CloudWatch;

/// <summary>Runs an AWS client as a child process with dummy credentials and a hard deadline.</summary>
internal static class ClientProcess
{
    public const string InstallHint = "Install the real clients as .ci/run does (apt-get install python3-boto3 awscli python3-prometheus-client; pyenv python with boto3 1.43).";

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = "test";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment["AWS_PAGER"] = string.Empty;
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        // Keep the developer's own AWS profile and config out of the run.
        info.Environment["AWS_CONFIG_FILE"] = "/nonexistent/turnout-aws-config";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/turnout-aws-credentials";
        info.Environment.Remove("AWS_PROFILE");
        info.Environment.Remove("AWS_SESSION_TOKEN");
        info.Environment.Remove("AWS_ENDPOINT_URL");

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}. stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The first python3 on PATH other than Debian's /usr/bin one (pyenv's), else pyenv's shim.</summary>
    public static string? FindModernPython()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "python3");
            if (dir.Length > 0 && File.Exists(candidate) && !dir.TrimEnd('/').Equals("/usr/bin", StringComparison.Ordinal)
                && !dir.TrimEnd('/').Equals("/bin", StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        var shim = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "shims", "python3");
        return File.Exists(shim) ? shim : null;
    }

    public static string ScriptPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "cloudwatch-clients", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/cloudwatch-clients/{name} not found above {AppContext.BaseDirectory}.");
    }
}
