using Spectre.Console;

namespace Turnout.Cli;

/// <summary>
/// Progress of the replay: Spectre.Console bars on an interactive terminal, otherwise one plain line per variant
/// each time another tenth of its rows is done (readable in CI logs). Always on stderr so stdout stays parseable.
/// </summary>
internal static class ReplayProgress
{
    public static async Task RunAsync(bool interactive, TextWriter error, IReadOnlyList<string> variants, int rows, Func<Action<string>, Task> work)
    {
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = variants.ToDictionary(v => v, v => context.AddTask(v, maxValue: rows));
                    await work(v => tasks[v].Increment(1)).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return;
        }

        var done = variants.ToDictionary(v => v, _ => 0);
        var gate = new Lock();
        await work(v =>
        {
            lock (gate)
            {
                var count = ++done[v];
                if (count == rows || count * 10 / rows != (count - 1) * 10 / rows)
                {
                    error.WriteLine($"{v}: {count}/{rows} rows");
                }
            }
        }).ConfigureAwait(false);
    }
}
