using Turnout.ControlPlane.Shapes;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>Where an endpoint's captures live on this machine: a file:/// destination, or an s3:// one under --s3-root.</summary>
public static class CaptureLocation
{
    /// <summary>The local directory for the config's DestinationS3Uri, or null when capture is off. Throws <see cref="DeploymentException"/>.</summary>
    public static string? Resolve(DataCaptureConfig? config, string? s3Root)
    {
        if (config is null || config.EnableCapture == false || config.DestinationS3Uri is not { } uri)
        {
            return null;
        }

        if (uri.StartsWith("file://", StringComparison.Ordinal))
        {
            return new Uri(uri).LocalPath;
        }

        if (s3Root is null)
        {
            throw new DeploymentException($"DataCaptureConfig.DestinationS3Uri {uri} needs an S3 root: start Turnout with --s3-root DIR (captures go to DIR/bucket/prefix) or use a file:/// destination.");
        }

        var root = Path.GetFullPath(s3Root);
        var full = Path.GetFullPath(Path.Combine(root, uri["s3://".Length..].TrimEnd('/')));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            throw new DeploymentException($"DataCaptureConfig.DestinationS3Uri {uri} escapes --s3-root.");
        }

        return full;
    }
}
