using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Turnout.Browser.Infrastructure;

/// <summary>
/// A real <c>turnout serve</c> child process on a free loopback port with its own data dir and an
/// <c>--s3-root</c> holding the notebook's two churn models (<c>s3://turnout-examples/churn-ab/model{,2}.tar.gz</c>),
/// optionally with <c>--credentials</c>. Dispose kills it and deletes the temp dir.
/// </summary>
internal sealed class TurnoutProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private readonly string _root;
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private TurnoutProcess(string root, Process process, int port)
    {
        _root = root;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<TurnoutProcess> StartAsync(string? credentialsJson = null)
    {
        var dll = RepoPaths.TurnoutDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in {RepoPaths.Configuration} first.");
        }

        var root = Path.Combine(Path.GetTempPath(), "turnout-browser-" + Guid.NewGuid().ToString("N")[..12]);
        var models = Directory.CreateDirectory(Path.Combine(root, "s3", "turnout-examples", "churn-ab")).FullName;
        File.Copy(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model.tar.gz"), Path.Combine(models, "model.tar.gz"));
        File.Copy(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model2.tar.gz"), Path.Combine(models, "model2.tar.gz"));
        var port = FreePort.Next();
        var start = new ProcessStartInfo(DotnetPath()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        string[] args = [dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", Path.Combine(root, "data"), "--s3-root", Path.Combine(root, "s3"), "--log-format", "text"];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (credentialsJson is not null)
        {
            var file = Path.Combine(root, "keys.json");
            await File.WriteAllTextAsync(file, credentialsJson);
            start.ArgumentList.Add("--credentials");
            start.ArgumentList.Add(file);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var server = new TurnoutProcess(root, process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp dir left behind must not fail a test.
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadyDeadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"{Url}/ping"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // One probe timed out; the deadline bounds the loop.
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"turnout did not answer GET /ping within {ReadyDeadline.TotalSeconds:F0} s.\n{Log}");
    }

    private static string DotnetPath()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(fromSdk) ? "dotnet" : fromSdk;
    }
}
