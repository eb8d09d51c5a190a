using System.CommandLine;
using System.CommandLine.Completions;
using System.Text.Json.Nodes;
using Turnout.Cli.Client;
using Turnout.Cli.Output;

namespace Turnout.Cli.Commands;

/// <summary>Builds a client command: global options, the exit-code action, and a client and printer for the body.</summary>
internal static class ClientCommand
{
    public static Command Create(string name, string path, string description, Func<ParseResult, TurnoutClient, Printer, CancellationToken, Task<int>> run, params Symbol[] symbols)
    {
        var global = new GlobalOptions();
        var command = new Command(name, description + "\n\n" + ExitCodes.Help);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument a: command.Arguments.Add(a); break;
                case Option o: command.Options.Add(o); break;
            }
        }

        global.AddTo(command);
        CliAction.Set(command, path, async (parse, cancellationToken) =>
        {
            var settings = global.Resolve(parse);
            using var client = new TurnoutClient(settings);
            return await run(parse, client, Printer.For(parse, settings.Output), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>A NAME argument whose shell completion lists the server's resources (best effort, default URL or $TURNOUT_ENDPOINT_URL).</summary>
    public static Argument<string> NameArgument(string description, string? listOperation = null, string? listMember = null, string? nameMember = null)
    {
        var argument = new Argument<string>("NAME") { Description = description };
        if (listOperation is not null)
        {
            argument.CompletionSources.Add(context => ListNames(listOperation, listMember!, nameMember!, context));
        }

        return argument;
    }

    private static IEnumerable<CompletionItem> ListNames(string operation, string member, string nameMember, CompletionContext context)
    {
        try
        {
            var settings = GlobalOptions.Resolve(null, "table", null, null, null, null);
            using var client = new TurnoutClient(settings, TimeSpan.FromSeconds(2));
            var answer = client.SageMakerAsync(operation, new JsonObject { ["MaxResults"] = 100 }, CancellationToken.None).GetAwaiter().GetResult();
            return (answer[member]?.AsArray() ?? [])
                .Select(e => e?[nameMember]?.GetValue<string>())
                .OfType<string>()
                .Where(n => n.StartsWith(context.WordToComplete, StringComparison.Ordinal))
                .Select(n => new CompletionItem(n))
                .ToArray();
        }
        catch (Exception e) when (CliAction.Code(e) is not null || e is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    public static string Time(JsonNode? node) =>
        node is null ? "" : node.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(node.GetValue<double>() * 1000)).ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)
            : node.ToString();

    public static string Text(JsonNode? node) => node?.ToString() ?? "";
}
