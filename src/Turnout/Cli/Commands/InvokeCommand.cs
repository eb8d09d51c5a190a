using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Turnout.Cli.Commands;

/// <summary><c>turnout invoke NAME --file rows.csv</c>: one InvokeEndpoint per row, as the AWS notebook sends them.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var name = ClientCommand.NameArgument("Endpoint name.", "ListEndpoints", "Endpoints", "EndpointName");
        var file = new Option<string?>("--file", "-f") { Description = "Rows to send, one request per non-empty line ('-' reads stdin)." };
        var body = new Option<string?>("--body") { Description = "A single request body, instead of --file." };
        var target = new Option<string?>("--target-variant") { Description = "Send every request to this variant (TargetVariant) instead of the weighted choice." };
        var contentType = new Option<string>("--content-type") { Description = "Content type of each request.", DefaultValueFactory = _ => "text/csv" };
        var skipHeader = new Option<bool>("--skip-header") { Description = "Skip the file's first line." };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (1–64).", DefaultValueFactory = _ => 4 };
        return ClientCommand.Create("invoke", "invoke", """
            Send rows to an endpoint and print which variant answered each and what it predicted, then how the
            traffic split across variants.

            Examples:
              turnout invoke churn-ab --body 186,0.1,137.8,97,…
              turnout invoke churn-ab --file rows.csv
              turnout invoke churn-ab --file rows.csv --target-variant Variant2 -o json
              head -100 rows.csv | turnout invoke churn-ab --file -
            """, async (parse, client, printer, ct) =>
        {
            var endpoint = parse.GetValue(name)!;
            var rows = Rows(parse.GetValue(file), parse.GetValue(body), parse.GetValue(skipHeader));
            var parallel = parse.GetValue(concurrency);
            if (parallel is < 1 or > 64)
            {
                throw new UsageException("--concurrency must be between 1 and 64.");
            }

            var variant = parse.GetValue(target);
            var results = new (string Variant, string Body)[rows.Count];
            var progressOut = rows.Count > 1 ? printer.Error : TextWriter.Null;
            await ReplayProgress.RunAsync(printer.Interactive && rows.Count > 1, progressOut, ["invoke " + endpoint], rows.Count, async advance =>
                await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (i, token) =>
                {
                    results[i] = await client.InvokeAsync(endpoint, rows[i], parse.GetValue(contentType)!, variant, token).ConfigureAwait(false);
                    advance("invoke " + endpoint);
                }).ConfigureAwait(false)).ConfigureAwait(false);

            var split = results.GroupBy(r => r.Variant).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Variant: g.Key, Count: g.Count())).ToList();
            if (printer.Json)
            {
                printer.WriteJson(new JsonObject
                {
                    ["EndpointName"] = endpoint,
                    ["Results"] = new JsonArray(results.Select((r, i) => (JsonNode)new JsonObject { ["Row"] = i + 1, ["Variant"] = r.Variant, ["Body"] = r.Body.TrimEnd() }).ToArray()),
                    ["Split"] = new JsonObject(split.Select(s => KeyValuePair.Create(s.Variant, (JsonNode?)s.Count))),
                });
                return ExitCodes.Ok;
            }

            printer.Table(["row", "variant", "prediction"], results.Select((r, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), r.Variant, r.Body.Trim()]));
            printer.Say("Split: " + SplitText(split, results.Length));
            return ExitCodes.Ok;
        }, name, file, body, target, contentType, skipHeader, concurrency);
    }

    public static string SplitText(IEnumerable<(string Variant, int Count)> split, int total) =>
        string.Join(", ", split.Select(s => FormattableString.Invariant($"{s.Variant} {s.Count} ({(double)s.Count / Math.Max(1, total):0.0%})")));

    private static List<string> Rows(string? file, string? body, bool skipHeader)
    {
        if ((file is null) == (body is null))
        {
            throw new UsageException("give either --file FILE or --body TEXT.");
        }

        if (body is not null)
        {
            return [body];
        }

        IEnumerable<string> lines;
        if (file == "-")
        {
            lines = ReadAll(Console.In);
        }
        else if (File.Exists(file))
        {
            lines = File.ReadLines(file!);
        }
        else
        {
            throw new UsageException($"--file {file}: no such file.");
        }

        var rows = lines.Skip(skipHeader ? 1 : 0).Where(l => l.Trim().Length > 0).ToList();
        return rows.Count > 0 ? rows : throw new UsageException($"--file {file}: no rows to send.");
    }

    private static IEnumerable<string> ReadAll(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
