using System.Text.Json.Nodes;

namespace Turnout.EndToEnd.Rollout;

/// <summary>What clients/rollout_flow.py wrote: its DescribeEndpoint polls, phases, variants, CloudWatch sums and final state.</summary>
internal sealed class RolloutReport
{
    private RolloutReport(JsonNode root) => Root = root;

    public JsonNode Root { get; }

    public string Driver => (string?)Root["driver"] ?? "?";

    public IReadOnlyList<StateObservation> Observations =>
        [.. Root["observations"]!.AsArray().Select(o => new StateObservation(
            (double)o!["t0"]!,
            (double)o["t1"]!,
            (string)o["label"]!,
            o["shares"] is JsonObject shares ? shares.ToDictionary(s => s.Key, s => (double)s.Value!, StringComparer.Ordinal) : null))];

    /// <summary>Variant name to the notebook model (1 or 2; 0 for the unloadable one) it serves.</summary>
    public IReadOnlyDictionary<string, int> VariantModels =>
        Root["variants"]!.AsObject().ToDictionary(v => v.Key, v => (int)v.Value!["model"]!, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, double> CloudWatchInvocations =>
        Root["cloudwatch"]!.AsObject().ToDictionary(v => v.Key, v => (double)v.Value!, StringComparer.Ordinal);

    /// <summary>The last DescribeEndpoint, summarised: status, config, failure, variants, pending.</summary>
    public JsonNode Final => Root["final"]!;

    public JsonArray Phases => Root["phases"]!.AsArray();

    public JsonNode Alarm => Root["alarm"]!;

    public static RolloutReport Read(string path) => new(JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidOperationException($"{path} is empty"));
}
