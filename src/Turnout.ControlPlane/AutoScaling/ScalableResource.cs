namespace Turnout.ControlPlane.AutoScaling;

/// <summary>A SageMaker variant as Application Auto Scaling names it: <c>endpoint/NAME/variant/VARIANT</c>.</summary>
public readonly record struct ScalableResource(string EndpointName, string VariantName)
{
    public const string Namespace = "sagemaker";
    public const string Dimension = "sagemaker:variant:DesiredInstanceCount";

    public string ResourceId => $"endpoint/{EndpointName}/variant/{VariantName}";

    public static bool TryParse(string resourceId, out ScalableResource resource)
    {
        resource = default;
        var parts = resourceId.Split('/');
        if (parts.Length != 4 || parts[0] != "endpoint" || parts[2] != "variant" || parts[1].Length == 0 || parts[3].Length == 0)
        {
            return false;
        }

        resource = new ScalableResource(parts[1], parts[3]);
        return true;
    }
}
