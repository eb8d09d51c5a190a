using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Turnout.Cli.Client;

namespace Turnout.Cli.Output;

/// <summary>
/// What commands print: tables with colour on a terminal, plain aligned columns when piped (like kubectl),
/// indented JSON with --output json. Results go to stdout; progress and notes to stderr.
/// </summary>
internal sealed class Printer
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly IAnsiConsole _console;

    public Printer(TextWriter output, TextWriter error, OutputFormat format, bool terminal)
    {
        Out = output;
        Error = error;
        Format = format;
        Terminal = terminal;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            _console.Profile.Width = 200;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public OutputFormat Format { get; }

    /// <summary>Stdout is a terminal: colour and box tables.</summary>
    public bool Terminal { get; }

    /// <summary>Stderr is a terminal: progress bars and spinners.</summary>
    public bool Interactive => Terminal && !Console.IsErrorRedirected;

    public bool Json => Format == OutputFormat.Json;

    public static Printer For(System.CommandLine.ParseResult parse, OutputFormat format) =>
        new(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, format, !Console.IsOutputRedirected);

    public void WriteJson(JsonNode? node) => Out.WriteLine(node?.ToJsonString(Indented) ?? "null");

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? title = null)
    {
        var all = rows.ToList();
        if (Terminal)
        {
            var table = new Table { Border = TableBorder.Rounded };
            if (title is not null)
            {
                table.Title(Markup.Escape(title));
            }

            foreach (var h in headers)
            {
                table.AddColumn(Markup.Escape(h));
            }

            foreach (var row in all)
            {
                table.AddRow(row.Select(c => Markup.Escape(c)).ToArray());
            }

            _console.Write(table);
            return;
        }

        if (title is not null)
        {
            Out.WriteLine(title);
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => i < r.Count ? r[i].Length : 0))).ToArray();
        Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in all)
        {
            Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>A line of narration on stdout; <paramref name="markup"/> may hold Spectre markup, stripped when piped.</summary>
    public void Say(string markup)
    {
        if (Terminal)
        {
            _console.MarkupLine(markup);
        }
        else
        {
            Out.WriteLine(Markup.Remove(markup));
        }
    }

    public void Success(string text) => Say($"[green]✓[/] {Markup.Escape(text)}");

    /// <summary>A note on stderr, kept out of stdout so --output json stays parseable.</summary>
    public void Note(string text) => Error.WriteLine(text);
}
