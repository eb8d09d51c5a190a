using System.Diagnostics;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>
/// The client generations the end-to-end tests drive: Debian's boto3 1.26 and AWS CLI v2 (the baseline, always
/// required), and the newer boto3 and AWS CLI v1 first on PATH (pyenv's here; optional: tests skip where absent).
/// </summary>
internal static class AwsClients
{
    public const string DebianPython = "/usr/bin/python3";
    public const string DebianAwsCli = "/usr/bin/aws";

    private const string BotoProbe =
        "import os, sys, boto3, botocore; print(os.path.realpath(sys.executable)); print('boto3', boto3.__version__, 'botocore', botocore.__version__)";

    private static readonly Lazy<ClientProbe> DebianPythonLazy = new(() => ProbePython(DebianPython));
    private static readonly Lazy<ClientProbe> PathPythonLazy = new(ProbePathPython);
    private static readonly Lazy<ClientProbe> DebianAwsCliLazy = new(ProbeDebianAwsCli);
    private static readonly Lazy<ClientProbe> PathAwsCliLazy = new(ProbePathAwsCli);

    public static ClientProbe DebianBoto3 => DebianPythonLazy.Value;

    /// <summary><c>python3</c> first on PATH when it is a different interpreter from Debian's (pyenv's, here).</summary>
    public static ClientProbe PathBoto3 => PathPythonLazy.Value;

    public static ClientProbe AwsCliV2 => DebianAwsCliLazy.Value;

    /// <summary><c>aws</c> first on PATH when it is not Debian's (pyenv's aws-cli 1.x, here).</summary>
    public static ClientProbe PathAwsCli => PathAwsCliLazy.Value;

    private static ClientProbe ProbePython(string python)
    {
        if (!File.Exists(python))
        {
            return new ClientProbe(null, string.Empty, $"{python} does not exist");
        }

        var (exitCode, output) = RunQuick(python, "-c", BotoProbe);
        if (exitCode != 0)
        {
            return new ClientProbe(python, string.Empty, $"{python} cannot import boto3: {output.Trim()}");
        }

        var lines = output.Trim().Split('\n');
        return new ClientProbe(python, $"{lines[0]} {lines[^1]}", null);
    }

    private static ClientProbe ProbePathPython()
    {
        var onPath = FindOnPath("python3");
        if (onPath is null)
        {
            return new ClientProbe(null, string.Empty, "no python3 on PATH");
        }

        var probe = ProbePython(onPath);
        if (!probe.Usable)
        {
            return probe;
        }

        var debianReal = File.Exists(DebianPython) ? new FileInfo(DebianPython).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? DebianPython : null;
        var executable = probe.Version.Split(' ')[0];
        if (debianReal is not null && (executable == debianReal || executable == DebianPython))
        {
            return new ClientProbe(onPath, probe.Version, "python3 on PATH is Debian's interpreter; no second boto3 generation here");
        }

        return probe;
    }

    private static ClientProbe ProbeDebianAwsCli()
    {
        if (!File.Exists(DebianAwsCli))
        {
            return new ClientProbe(null, string.Empty, $"{DebianAwsCli} does not exist");
        }

        var (exitCode, output) = RunQuick(DebianAwsCli, "--version");
        var version = output.Trim();
        if (exitCode != 0 || !version.StartsWith("aws-cli/2.", StringComparison.Ordinal))
        {
            return new ClientProbe(DebianAwsCli, version, $"{DebianAwsCli} is not AWS CLI v2: {version}");
        }

        return new ClientProbe(DebianAwsCli, version, null);
    }

    private static ClientProbe ProbePathAwsCli()
    {
        var onPath = FindOnPath("aws");
        if (onPath is null)
        {
            return new ClientProbe(null, string.Empty, "no aws on PATH");
        }

        var real = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        if (real == DebianAwsCli)
        {
            return new ClientProbe(onPath, string.Empty, "aws on PATH is Debian's CLI v2; no second CLI generation here");
        }

        var (exitCode, output) = RunQuick(onPath, "--version");
        var version = output.Trim();
        return exitCode == 0 && version.StartsWith("aws-cli/", StringComparison.Ordinal)
            ? new ClientProbe(onPath, version, null)
            : new ClientProbe(onPath, version, $"{onPath} --version failed: {version}");
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static (int ExitCode, string Output) RunQuick(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, "probe timed out");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
