namespace Turnout.Cli.Apply;

/// <summary>What an endpoint.yaml declares: models, and one endpoint with its variants.</summary>
internal sealed record ApplySpec(IReadOnlyList<ModelSpec> Models, EndpointSpec Endpoint);

/// <param name="ModelDataUrl">Already resolved: a URL, or a local path made absolute (file://) against the YAML's directory.</param>
internal sealed record ModelSpec(string Name, string ModelDataUrl, string Image);

internal sealed record EndpointSpec(string Name, string InstanceType, IReadOnlyList<VariantDeclaration> Variants, DeploymentSpec? Deployment);

internal sealed record VariantDeclaration(string Name, string Model, float Weight, int Instances);

/// <summary>How a config change is rolled out: <c>canary: 10%</c> or <c>linear: 25%</c>, and <c>wait: 60s</c>.</summary>
internal sealed record DeploymentSpec(string? Canary, string? Linear, string? Wait);
