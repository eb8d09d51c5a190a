using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Turnout.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the tests (Debian's postgresql package): initdb and pg_ctl in a temporary
/// directory, listening on a free loopback port with its unix socket inside that directory. One server per
/// test run (<see cref="Shared"/>), stopped when the test process exits; each test takes a fresh database
/// from <see cref="CreateDatabase"/>. As root the server runs as the <c>postgres</c> user, since initdb
/// refuses root.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string SuperUser = "turnout";
    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string? _runAs;
    private int _databases;

    private PostgresServer(string binDirectory, string directory, int port, string? runAs)
    {
        BinDirectory = binDirectory;
        Directory = directory;
        Port = port;
        _runAs = runAs;
    }

    /// <summary>The server of this test run, started on first use.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public string BinDirectory { get; }

    /// <summary>Holds data/, the socket and server.log.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string LogFile => Path.Combine(Directory, "server.log");

    /// <summary>Superuser connection string for a database (default: postgres).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Database={database};Pooling=true;Timeout=15";

    /// <summary>The same as a URL, the form <c>turnout serve --store</c> documents.</summary>
    public string Url(string database) => $"postgres://{SuperUser}@127.0.0.1:{Port}/{database}";

    /// <summary>Creates an empty database with a unique name and returns its name.</summary>
    public string CreateDatabase(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return name;
    }

    /// <summary>Runs one SQL statement against a database and returns the first column of the first row.</summary>
    public object? Scalar(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Run(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-D", Path.Combine(Directory, "data"), "-m", "immediate", "-w"], TimeSpan.FromSeconds(30), throwOnError: false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static PostgresServer Start()
    {
        var bin = FindBinDirectory();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        RemoveStale();
        var directory = Path.Combine(Path.GetTempPath(), "turnout-pg-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        if (runAs is not null)
        {
            // The server's user must own its data directory and reach it through the temp dir.
            Run("chown", [runAs, directory], TimeSpan.FromSeconds(10));
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var data = Path.Combine(directory, "data");
        RunAs(runAs, Path.Combine(bin, "initdb"), ["-D", data, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(120));

        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            var server = new PostgresServer(bin, directory, port, runAs);
            var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200";
            try
            {
                RunAs(runAs, Path.Combine(bin, "pg_ctl"), ["start", "-w", "-t", "60", "-D", data, "-l", server.LogFile, "-o", options], TimeSpan.FromSeconds(90));
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                server.StartWatchdog();
                return server;
            }
            catch (InvalidOperationException e)
            {
                // Most likely the port was taken between probing and binding; try another.
                last = e;
            }
        }

        throw new InvalidOperationException("PostgreSQL did not start: " + last?.Message, last);
    }

    /// <summary>
    /// A shell that outlives this process by at most a second: when the test process is gone (normal exit,
    /// crash or a killed run) it stops the server and removes the directory, so no server is left behind.
    /// </summary>
    private void StartWatchdog()
    {
        var pgCtl = Path.Combine(BinDirectory, "pg_ctl");
        var stop = (_runAs is null ? string.Empty : $"runuser -u {_runAs} -- ") + $"'{pgCtl}' stop -D '{Path.Combine(Directory, "data")}' -m immediate -w";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{Directory}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var a in new[] { "sh", "-c", script })
        {
            start.ArgumentList.Add(a);
        }

        using var _ = Process.Start(start);
    }

    // A test process killed before its exit handler ran leaves a stopped server's directory behind.
    private static void RemoveStale()
    {
        foreach (var stale in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "turnout-pg-*"))
        {
            try
            {
                var pidFile = Path.Combine(stale, "data", "postmaster.pid");
                var running = File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && System.IO.Directory.Exists($"/proc/{pid}");
                if (!running && System.IO.Directory.GetLastWriteTimeUtc(stale) < DateTime.UtcNow.AddMinutes(-10))
                {
                    System.IO.Directory.Delete(stale, recursive: true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string FindBinDirectory()
    {
        foreach (var version in new[] { "15", "16", "17", "14", "13" })
        {
            var bin = $"/usr/lib/postgresql/{version}/bin";
            if (File.Exists(Path.Combine(bin, "initdb")))
            {
                return bin;
            }
        }

        throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. Install Debian's postgresql package (apt-get install postgresql), as .ci/run does.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Run(string file, string[] args, TimeSpan timeout, bool throwOnError) => RunAs(_runAs, file, args, timeout, throwOnError);

    private static void Run(string file, string[] args, TimeSpan timeout) => RunAs(null, file, args, timeout);

    private static void RunAs(string? user, string file, string[] args, TimeSpan timeout, bool throwOnError = true)
    {
        var start = new ProcessStartInfo(user is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (user is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(user);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        // pg_ctl start leaves the server holding inherited pipes open; read asynchronously and do not wait for EOF.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0 && throwOnError)
        {
            var output = (stdout.IsCompleted ? stdout.Result : string.Empty) + (stderr.IsCompleted ? stderr.Result : string.Empty);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        }
    }
}
