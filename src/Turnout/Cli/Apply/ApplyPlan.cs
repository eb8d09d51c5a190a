namespace Turnout.Cli.Apply;

/// <summary>What the server has now, as far as the plan cares.</summary>
internal sealed record LiveModel(string Name, string ModelDataUrl, string Image);

internal sealed record LiveVariant(string Name, string? Model, string? InstanceType, float Weight, int Instances);

internal sealed record LiveEndpoint(string Name, string Status, string ConfigName, IReadOnlyList<LiveVariant> Variants);

/// <summary>How the endpoint changes.</summary>
internal enum EndpointChange
{
    None,
    Create,
    /// <summary>Same variants and models: UpdateEndpointWeightsAndCapacities.</summary>
    Weights,
    /// <summary>Variants or models differ: a new config and UpdateEndpoint.</summary>
    Config,
}

/// <summary>The changes <c>turnout apply</c> makes, and the diff it shows.</summary>
internal sealed record ApplyPlan(
    IReadOnlyList<ModelSpec> ModelsToCreate,
    string ConfigName,
    bool CreateConfig,
    EndpointChange Endpoint,
    IReadOnlyList<string> Diff)
{
    public bool NoChanges => ModelsToCreate.Count == 0 && !CreateConfig && Endpoint == EndpointChange.None;
}
