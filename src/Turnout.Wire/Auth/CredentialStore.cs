using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Turnout.Wire.Auth;

/// <summary>
/// The keys from <c>--credentials FILE</c>, reloaded when the file changes: a FileSystemWatcher for
/// promptness plus a poll of the file's size and timestamp (watchers miss events on some file systems and
/// fail outright when inotify instances run out). The snapshot is swapped with one volatile write, so a
/// request reads one consistent set. A file that fails to load keeps the last good keys and logs why;
/// only the first load is fatal (Turnout must not start with no way in, or with keys it could not read).
/// </summary>
public sealed partial class CredentialStore : IDisposable
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _poll;
    private readonly Timer _debounce;
    private volatile CredentialSet _current;
    private (long Ticks, long Length) _lastStamp;
    private byte[] _lastHash;
    private int _generation;
    private bool _disposed;

    public CredentialStore(string path, TimeSpan pollInterval, ILogger<CredentialStore> logger)
    {
        ArgumentNullException.ThrowIfNull(path);
        _path = Path.GetFullPath(path);
        _logger = logger;

        // First load: failures propagate and stop the server.
        var (set, stamp, hash) = Load();
        _current = set;
        _lastStamp = stamp;
        _lastHash = hash;
        Log.Loaded(_logger, set.Count, _path);

        _debounce = new Timer(_ => Reload("change notification"));
        _poll = new Timer(_ => Poll(), null, pollInterval, pollInterval);
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += OnChanged;
            _watcher.Created += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException or UnauthorizedAccessException)
        {
            Log.WatcherUnavailable(_logger, e.Message, pollInterval.TotalSeconds);
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>Bumped on every successful reload that changed the file; lets tests wait without sleeping.</summary>
    public int Generation => Volatile.Read(ref _generation);

    internal CredentialSet Current => _current;

    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
        }

        _watcher?.Dispose();
        _poll.Dispose();
        _debounce.Dispose();
    }

    // Editors and `cp` write in several steps; wait for the burst of events to settle before reading.
    private void OnChanged(object sender, FileSystemEventArgs e) => _debounce.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);

    private void Poll()
    {
        var stamp = Stamp();
        bool changed;
        lock (_reloadLock)
        {
            changed = stamp != _lastStamp;
        }

        if (changed)
        {
            Reload("poll");
        }
    }

    private void Reload(string trigger)
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            // The stamp from before the read: if the file was mid-write, its final stamp differs and the poll retries.
            var before = Stamp();
            try
            {
                var (set, stamp, hash) = Load();
                _lastStamp = stamp;
                if (hash.AsSpan().SequenceEqual(_lastHash))
                {
                    return;
                }

                _lastHash = hash;
                _current = set;
                Interlocked.Increment(ref _generation);
                Log.Reloaded(_logger, set.Count, _path, trigger);
            }
            catch (CredentialsFileException e)
            {
                // Remember the stamp so a broken file is reported once, not at every poll.
                _lastStamp = before;
                Log.ReloadFailed(_logger, _path, e.Message, _current.Count);
            }
        }
    }

    private (CredentialSet Set, (long, long) Stamp, byte[] Hash) Load()
    {
        byte[] bytes;
        (long, long) stamp;
        try
        {
            stamp = Stamp();
            bytes = File.ReadAllBytes(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"cannot read it: {e.Message}");
        }

        if (bytes.Length > 1 << 20)
        {
            throw new CredentialsFileException("it is larger than 1 MiB.");
        }

        return (CredentialsFile.Parse(bytes), stamp, SHA256.HashData(bytes));
    }

    private (long Ticks, long Length) Stamp()
    {
        try
        {
            var info = new FileInfo(_path);
            return info.Exists ? (info.LastWriteTimeUtc.Ticks, info.Length) : (0, -1);
        }
        catch (IOException)
        {
            return (0, -1);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "SigV4 authentication on: {Count} access keys from {Path}")]
        public static partial void Loaded(ILogger logger, int count, string path);

        [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Credentials reloaded ({Trigger}): {Count} access keys from {Path}")]
        public static partial void Reloaded(ILogger logger, int count, string path, string trigger);

        [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Credentials file {Path} not reloaded, keeping the last good {Count} keys: {Reason}")]
        public static partial void ReloadFailed(ILogger logger, string path, string reason, int count);

        [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Cannot watch the credentials file ({Reason}); polling it every {Seconds} s instead")]
        public static partial void WatcherUnavailable(ILogger logger, string reason, double seconds);
    }
}
