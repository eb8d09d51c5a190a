namespace Turnout.ControlPlane;

/// <summary>The identity ARNs are minted with. SageMaker lowercases the resource name in ARNs.</summary>
public sealed record ControlPlaneOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";

    public string ModelArn(string name) => Arn("model", name);
    public string EndpointConfigArn(string name) => Arn("endpoint-config", name);
    public string EndpointArn(string name) => Arn("endpoint", name);

    private string Arn(string kind, string name) => $"arn:aws:sagemaker:{Region}:{AccountId}:{kind}/{name.ToLowerInvariant()}";
}
