namespace Turnout.Models.Artifacts;

/// <summary>Fetches a ModelDataUrl (file://, absolute path, https://, s3:// via S3Root), unpacks it and compiles the model.</summary>
public sealed class ModelArtifactLoader(ArtifactOptions options, HttpClient? http = null)
{
    public ArtifactOptions Options { get; } = options;

    /// <summary>
    /// Loads an XGBoost model from <paramref name="modelDataUrl"/>: a model.tar.gz holding <c>xgboost-model</c>
    /// (or the first non-dot file, as the SageMaker container does), or an unpacked model file.
    /// Throws <see cref="ModelLoadException"/> with a user-actionable message on any failure.
    /// </summary>
    public Task<IPredictor> LoadXGBoostAsync(string modelDataUrl, CancellationToken cancellationToken)
    {
        _ = http;
        throw new NotImplementedException();
    }
}
