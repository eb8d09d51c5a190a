using System.Text.RegularExpressions;
using Turnout.Runtime.Codecs;

namespace Turnout.Runtime.Images;

/// <summary>
/// What a model's <c>Image</c> selects: the runtime, and for the SageMaker XGBoost images the container
/// version whose behaviour (output style, column rules) Turnout reproduces.
/// </summary>
public sealed partial record ImageReference(string Image, string Runtime, Version ContainerVersion)
{
    public const string XGBoostRuntime = "xgboost";

    /// <summary>1.2-2 is the first container version that writes one line per row.</summary>
    public OutputStyle OutputStyle => ContainerVersion >= new Version(1, 2, 2) ? OutputStyle.LinePerRow : OutputStyle.CommaJoined;

    /// <summary>Up to 1.2-x the artifact is a pickle, and those containers accept one column fewer than num_feature.</summary>
    public bool PickleEra => ContainerVersion < new Version(1, 3, 0);

    /// <summary>
    /// Accepts SageMaker XGBoost image URIs of any region, account and tag
    /// (<c>683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3</c>,
    /// the legacy <c>…/xgboost:1</c>) and <c>turnout/xgboost[:tag]</c>.
    /// </summary>
    public static bool TryParse(string? image, out ImageReference? reference, out string error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(image))
        {
            error = "The model has no container Image. Set PrimaryContainer.Image to a SageMaker XGBoost image URI or to turnout/xgboost.";
            return false;
        }

        var match = ImagePattern().Match(image);
        if (!match.Success)
        {
            error = $"Image \"{image}\" is not a runtime Turnout serves. Use a SageMaker XGBoost image URI (…/sagemaker-xgboost:1.7-1) or turnout/xgboost.";
            return false;
        }

        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest";
        var version = VersionPattern().Match(tag) is { Success: true } v
            ? new Version(int.Parse(v.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(v.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(v.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))
            : match.Groups["repo"].Value == "xgboost" && !image.StartsWith("turnout/", StringComparison.Ordinal) && tag is "1" or "latest"
                // The legacy built-in algorithm image (…/xgboost:1) is the 0.72 container: old output style.
                ? new Version(0, 72, 0)
                : new Version(99, 0, 0);
        reference = new ImageReference(image, XGBoostRuntime, version);
        error = string.Empty;
        return true;
    }

    [GeneratedRegex(@"^(?:[a-z0-9.\-]+(?::\d+)?/)?(?:turnout/|[a-z0-9._\-/]*?)(?<repo>sagemaker-xgboost|xgboost)(?::(?<tag>[A-Za-z0-9._\-]+))?(?:@sha256:[0-9a-f]{64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^(\d+)\.(\d+)-(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
