using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Turnout.EndToEnd.Infrastructure;
using Turnout.Tests.Support;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// A real cluster: a fresh database on the test run's PostgreSQL, N <c>turnout serve --store postgres://…</c>
/// processes on free loopback ports sharing one --s3-root, and a real nginx in front of them, configured from
/// deploy/nginx/ (only the upstream addresses and the listen port are replaced).
/// </summary>
internal sealed partial class ClusterFixture : IAsyncDisposable
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(90);
    private readonly ITestOutputHelper _output;
    private readonly string _root;
    private readonly OutputLog _nginxLog = new();
    private Process? _nginx;

    private ClusterFixture(ITestOutputHelper output)
    {
        _output = output;
        _root = Path.Combine(Path.GetTempPath(), "turnout-cluster-" + Guid.NewGuid().ToString("N")[..10]);
        S3Root = Path.Combine(_root, "s3");
        var prefix = Directory.CreateDirectory(Path.Combine(S3Root, "turnout-examples", "churn-ab")).FullName;
        File.Copy(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model.tar.gz"), Path.Combine(prefix, "model.tar.gz"));
        File.Copy(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model2.tar.gz"), Path.Combine(prefix, "model2.tar.gz"));
        Database = PostgresServer.Shared.CreateDatabase("cluster");
        Store = PostgresServer.Shared.Url(Database);
    }

    public string S3Root { get; }
    public string Database { get; }
    public string Store { get; }
    public List<ClusterNodeProcess> Nodes { get; } = [];
    public int BalancerPort { get; private set; }
    public string BalancerUrl => $"http://127.0.0.1:{BalancerPort}";

    public string WorkDir => Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;

    public static async Task<ClusterFixture> StartAsync(ITestOutputHelper output, int nodes, int capacity = 2)
    {
        var cluster = new ClusterFixture(output);
        try
        {
            // One after another: concurrent first starts would all migrate the fresh database at once (which
            // works, under the store's lock) but on 2 cores mostly costs time.
            for (var i = 1; i <= nodes; i++)
            {
                var node = new ClusterNodeProcess($"node{i}", Path.Combine(cluster._root, $"node{i}"), cluster.S3Root, cluster.Store, capacity);
                cluster.Nodes.Add(node);
                await node.StartAsync(ReadyDeadline);
            }

            await cluster.WaitAsync("every node sees every other node", TimeSpan.FromSeconds(20), async () =>
            {
                foreach (var node in cluster.Nodes)
                {
                    if ((await node.ClusterAsync())["nodes"]!.AsArray().Count != nodes)
                    {
                        return false;
                    }
                }

                return true;
            });
            cluster.StartNginx();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails the test at the deadline.</summary>
    public async Task<TimeSpan> WaitAsync(string what, TimeSpan deadline, Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return stopwatch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // A node that is starting or dying; the deadline bounds the wait.
            }

            if (stopwatch.Elapsed > deadline)
            {
                throw new TimeoutException($"Not within {deadline.TotalSeconds:F0} s: {what}.");
            }

            await Task.Delay(50);
        }
    }

    private void StartNginx()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (.ci/run installs Debian's nginx).");
        var prefix = Directory.CreateDirectory(Path.Combine(_root, "nginx")).FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "tmp"));
        var deploy = Path.Combine(RepoPaths.Root, "deploy", "nginx");
        File.Copy(Path.Combine(deploy, "nginx.conf"), Path.Combine(prefix, "nginx.conf"));
        var site = File.ReadAllText(Path.Combine(deploy, "turnout.conf"));
        var servers = string.Join("\n", Nodes.Select(n => $"    server 127.0.0.1:{n.Port} max_fails=1 fail_timeout=5s;"));
        site = UpstreamServers().Replace(site, servers + "\n", 1);
        BalancerPort = FreePort.Next();
        site = site.Replace("listen 8080;", $"listen 127.0.0.1:{BalancerPort};", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(prefix, "turnout.conf"), site);

        var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-c", Path.Combine(prefix, "nginx.conf"), "-p", prefix + "/", "-g", "daemon off;" })
        {
            start.ArgumentList.Add(arg);
        }

        _nginx = new Process { StartInfo = start };
        _nginxLog.Attach(_nginx);
        _nginx.Start();
        _nginx.BeginErrorReadLine();
        _nginx.BeginOutputReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (http.GetAsync(BalancerUrl + "/ping").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_nginx.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException("nginx did not start:\n" + _nginxLog.Tail(50));
            }

            Thread.Sleep(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var node in Nodes)
        {
            await node.StopAsync();
            _output.WriteLine($"---- {node.Id} (port {node.Port}) ----");
            _output.WriteLine(node.Log.Tail(60));
        }

        _output.WriteLine("---- nginx ----");
        _output.WriteLine(_nginxLog.Tail(30));
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"(    server 10\.0\.0\.\d+:8080[^\n]*\n)+")]
    private static partial Regex UpstreamServers();
}

/// <summary>One <c>turnout serve</c> node of a <see cref="ClusterFixture"/>.</summary>
internal sealed class ClusterNodeProcess(string id, string dataDir, string s3Root, string store, int capacity)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public string Id { get; } = id;
    public int Port { get; private set; }
    public OutputLog Log { get; } = new();
    public string Url => $"http://127.0.0.1:{Port}";
    public bool Running => _process is { HasExited: false };

    public async Task StartAsync(TimeSpan deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var start = new ProcessStartInfo(DotnetHost.Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                RepoPaths.TurnoutDll, "serve", "--urls", Url, "--data-dir", dataDir, "--s3-root", s3Root, "--store", store,
                "--node-id", Id, "--node-capacity", capacity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-format", "text",
            })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment.Remove("ASPNETCORE_URLS");
            _process = new Process { StartInfo = start };
            Log.Attach(_process);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var stopwatch = Stopwatch.StartNew();
            while (!_process.HasExited && stopwatch.Elapsed < deadline)
            {
                try
                {
                    using var ping = await _http.GetAsync(Url + "/ping");
                    if (ping.StatusCode == HttpStatusCode.OK)
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

            var lostPort = _process.HasExited && Log.All.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
            await StopAsync();
            if (!lostPort || attempt >= 3)
            {
                throw new InvalidOperationException($"{Id} did not become ready:\n{Log.Tail(80)}");
            }
        }
    }

    /// <summary>SIGKILL: the node dies as in a crash, without leaving the registry or releasing anything itself.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>GET /cluster: this node's view of nodes, coordinator and placement.</summary>
    public async Task<JsonNode> ClusterAsync()
    {
        using var response = await _http.GetAsync(Url + "/cluster");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
