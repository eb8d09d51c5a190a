namespace Turnout.Cli;

/// <summary>Parsed arguments of <c>turnout evaluate</c>.</summary>
internal sealed record EvaluateSettings
{
    public required string Endpoint { get; init; }

    public required string DataPath { get; init; }

    public int LabelColumn { get; init; }

    public double Threshold { get; init; } = 0.5;

    public string? Baseline { get; init; }

    public string? PrimaryMetric { get; init; }

    public string EndpointUrl { get; init; } = "http://127.0.0.1:8080";

    /// <summary>table or json.</summary>
    public string Output { get; init; } = "table";

    /// <summary>auto, binary, regression or multiclass.</summary>
    public string Problem { get; init; } = "auto";

    public int Concurrency { get; init; } = 4;

    public double MinimumDetectableEffect { get; init; } = 0.02;
}
