using System.Text;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>Thread-safe collector for a child process's stdout and stderr lines, in arrival order.</summary>
internal sealed class OutputLog
{
    private readonly object _gate = new();
    private readonly StringBuilder _all = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public void Attach(System.Diagnostics.Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Append(e.Data, isError: true);
    }

    public void Note(string line)
    {
        lock (_gate)
        {
            _all.Append("## ").AppendLine(line);
        }
    }

    public string All
    {
        get
        {
            lock (_gate)
            {
                return _all.ToString();
            }
        }
    }

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The last <paramref name="lines"/> lines, enough to explain a failure without flooding the report.</summary>
    public string Tail(int lines)
    {
        var all = All.Split('\n');
        return all.Length <= lines ? string.Join('\n', all) : $"... ({all.Length - lines} earlier lines)\n" + string.Join('\n', all[^lines..]);
    }

    private void Append(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _all.Append(isError ? "err| " : "out| ").AppendLine(line);
            (isError ? _stderr : _stdout).AppendLine(line);
        }
    }
}
