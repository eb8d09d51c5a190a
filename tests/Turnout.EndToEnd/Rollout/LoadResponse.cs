using System.Text.Json.Nodes;

namespace Turnout.EndToEnd.Rollout;

/// <summary>One invoke_endpoint answer as clients/load.py logged it: wall-clock bounds, outcome, variant, body.</summary>
internal sealed record LoadResponse(int Client, double T0, double T1, int? Status, string? Variant, int Row, string? Body, string? Error, string? Message, int Retries)
{
    public bool Succeeded => Status == 200 && Error is null;

    public override string ToString() =>
        Succeeded
            ? $"client {Client} [{T0:F3}, {T1:F3}] {Variant} row {Row} -> {Body}"
            : $"client {Client} [{T0:F3}, {T1:F3}] row {Row} FAILED: HTTP {Status?.ToString() ?? "-"} {Error}: {Message}";

    /// <summary>Reads a load.py output file; returns its responses and whether it ended with its "done" line.</summary>
    public static (List<LoadResponse> Responses, bool Finished) ReadFile(string path)
    {
        var responses = new List<LoadResponse>();
        var finished = false;
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var node = JsonNode.Parse(line)!;
            if ((bool?)node["done"] == true)
            {
                finished = true;
                continue;
            }

            responses.Add(new LoadResponse(
                (int)node["c"]!,
                (double)node["t0"]!,
                (double)node["t1"]!,
                (int?)node["status"],
                (string?)node["variant"],
                (int?)node["row"] ?? 0,
                (string?)node["body"],
                (string?)node["error"],
                (string?)node["message"],
                (int?)node["retries"] ?? 0));
        }

        return (responses, finished);
    }
}
