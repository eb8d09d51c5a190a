using System.Diagnostics;
using Xunit.Abstractions;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>
/// A real <c>turnout serve</c> child process on a free loopback port, with its own temp data dir and an
/// <c>--s3-root</c> holding the notebook's tarballs as <c>s3://turnout-examples/churn-ab/model.tar.gz</c>
/// and <c>…/model2.tar.gz</c>. Dispose kills the process tree, writes the server's output to the test
/// output and deletes the temp dirs.
/// </summary>
internal sealed class TurnoutServer : IAsyncDisposable
{
    public const string ModelUrl1 = "s3://turnout-examples/churn-ab/model.tar.gz";
    public const string ModelUrl2 = "s3://turnout-examples/churn-ab/model2.tar.gz";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);
    private const int BindAttempts = 3;

    private readonly ITestOutputHelper _output;
    private readonly string _tempRoot;
    private readonly OutputLog _log = new();
    private Process? _process;
    private int _starts;

    private readonly string[] _extraArguments;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private TurnoutServer(ITestOutputHelper output, string[]? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        _output = output;
        _extraArguments = extraArguments ?? [];
        _environment = environment ?? new Dictionary<string, string>();
        _tempRoot = Path.Combine(Path.GetTempPath(), "turnout-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        DataDir = Path.Combine(_tempRoot, "data");
        S3Root = Path.Combine(_tempRoot, "s3");
        Directory.CreateDirectory(DataDir);
        SeedS3Root();
    }

    public string DataDir { get; }

    public string S3Root { get; }

    /// <summary>A scratch dir for the test's own files, deleted with the server.</summary>
    public string WorkDir => Directory.CreateDirectory(Path.Combine(_tempRoot, "work")).FullName;

    public int Port { get; private set; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public string EndpointUrl => $"http://127.0.0.1:{Port}";

    public OutputLog Log => _log;

    /// <summary>The running server's process id (for signals and /proc), or 0 when it is stopped.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <param name="extraArguments">More <c>serve</c> options, e.g. <c>--model-timeout 2</c>.</param>
    /// <param name="environment">More environment for the server process, e.g. <c>TURNOUT_TEST_FAULTS=1</c>.</param>
    public static async Task<TurnoutServer> StartAsync(ITestOutputHelper output, string[]? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var server = new TurnoutServer(output, extraArguments, environment);
        try
        {
            await server.StartProcessAsync(FreePort.Next(), allowNewPort: true);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the server and starts it again on the same data dir and port: by default with SIGKILL, as in a
    /// crash; with <paramref name="graceful"/> by SIGTERM, letting the host shut down as a service manager would.
    /// </summary>
    public async Task RestartAsync(bool graceful = false)
    {
        if (graceful)
        {
            await TerminateAsync();
        }

        await StopAsync();
        await StartProcessAsync(Port, allowNewPort: false);
    }

    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(StopDeadline);
            await process.WaitForExitAsync(deadline.Token);
            process.WaitForExit(); // drains the redirected streams
            _log.Note($"server pid {process.Id} stopped, exit code {process.ExitCode}");
        }
        finally
        {
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _output.WriteLine($"---- turnout server output ({_tempRoot}) ----");
            _output.WriteLine(_log.Tail(400));
            TryDelete(_tempRoot);
        }
    }

    /// <summary>Starts the server again on the same data dir and port after <see cref="StopAsync"/> or an exit.</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        await StartProcessAsync(Port, allowNewPort: false);
    }

    /// <summary>Sends SIGTERM without waiting; the caller watches the process wind down.</summary>
    public async Task SendTermAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        await kill!.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit on its own; its exit code, or null if it did not within <paramref name="deadline"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan deadline)
    {
        if (_process is not { } process)
        {
            return null;
        }

        using var cancel = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends SIGTERM and waits for the process to exit by itself, within the stop deadline.</summary>
    private async Task TerminateAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(StopDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            _log.Note($"server pid {process.Id} exited after SIGTERM with code {process.ExitCode}");
        }
        catch (OperationCanceledException)
        {
            _log.Note($"server pid {process.Id} ignored SIGTERM for {StopDeadline.TotalSeconds:F0} s; killing it");
        }
    }

    private async Task StartProcessAsync(int port, bool allowNewPort)
    {
        var dll = RepoPaths.TurnoutDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in {RepoPaths.Configuration} first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            Port = port;
            var process = Launch(dll, port);
            var ready = await WaitReadyAsync(process);
            if (ready)
            {
                _process = process;
                return;
            }

            var exited = process.HasExited;
            var exitCode = exited ? process.ExitCode : (int?)null;
            _process = process;
            await StopAsync();
            // A port handed out by FreePort can be grabbed by someone else before the server binds it.
            var lostRace = exited && _log.All.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            if (!lostRace || !allowNewPort || attempt >= BindAttempts)
            {
                var why = exitCode is { } code
                    ? $"turnout exited with code {code} before GET /ping answered 200"
                    : $"turnout did not answer GET /ping with 200 within {ReadyDeadline.TotalSeconds:F0} s";
                throw new InvalidOperationException($"{why}.\n{_log.Tail(200)}");
            }

            port = FreePort.Next();
        }
    }

    private Process Launch(string dll, int port)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _tempRoot,
        };
        foreach (var argument in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", DataDir, "--s3-root", S3Root }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        // Keep the server's own settings out of the developer's environment.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("DOTNET_URLS");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = new Process { StartInfo = start };
        _log.Attach(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _starts++;
        _log.Note($"started server pid {process.Id} (start #{_starts}) on port {port}: {string.Join(' ', start.ArgumentList)}");
        return process;
    }

    private async Task<bool> WaitReadyAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ping = new Uri($"http://127.0.0.1:{Port}/ping");
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadyDeadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(ping);
                if (response.IsSuccessStatusCode)
                {
                    _log.Note($"/ping answered 200 after {stopwatch.Elapsed.TotalSeconds:F2} s");
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A single probe timed out; the overall deadline still bounds the loop.
            }

            await Task.Delay(50);
        }

        return false;
    }

    private void SeedS3Root()
    {
        var prefix = Path.Combine(S3Root, "turnout-examples", "churn-ab");
        Directory.CreateDirectory(prefix);
        var models = Path.Combine(RepoPaths.Examples, "model");
        File.Copy(Path.Combine(models, "xgb-churn-prediction-model.tar.gz"), Path.Combine(prefix, "model.tar.gz"));
        File.Copy(Path.Combine(models, "xgb-churn-prediction-model2.tar.gz"), Path.Combine(prefix, "model2.tar.gz"));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp dir left behind must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
