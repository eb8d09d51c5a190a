using System.Diagnostics;

namespace Turnout.Tests.Auth;

/// <summary>Runs a real AWS client with exactly the credentials given (none from the developer's environment) and a deadline.</summary>
internal static class ClientRunner
{
    public const string DebianPython = "/usr/bin/python3";
    public const string AwsCli = "/usr/bin/aws";

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, IEnumerable<string> arguments,
        string? accessKeyId = null, string? secret = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var name in new[] { "AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
        {
            info.Environment.Remove(name);
        }

        if (accessKeyId is not null)
        {
            info.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
            info.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        }

        info.Environment["AWS_DEFAULT_REGION"] = "eu-west-1";
        info.Environment["AWS_PAGER"] = string.Empty;
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_MAX_ATTEMPTS"] = "1";
        info.Environment["AWS_CONFIG_FILE"] = "/nonexistent/turnout-aws-config";
        info.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/turnout-aws-credentials";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} timed out. stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static string ScriptPath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "auth-clients", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/auth-clients/{name} not found above {AppContext.BaseDirectory}.");
    }
}
