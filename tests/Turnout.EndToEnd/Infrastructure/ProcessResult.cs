namespace Turnout.EndToEnd.Infrastructure;

internal sealed record ProcessResult(int ExitCode, bool TimedOut, OutputLog Output, TimeSpan Elapsed)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe(string what) =>
        $"{what} {(TimedOut ? "timed out" : $"exited {ExitCode}")} after {Elapsed.TotalSeconds:F1} s\n{Output.Tail(150)}";
}
