using System.IO.Compression;
using Turnout.Models.XGBoost;

namespace Turnout.Models.Artifacts;

/// <summary>Fetches a ModelDataUrl (file://, absolute path, https://, s3:// via S3Root), unpacks it and compiles the model.</summary>
public sealed class ModelArtifactLoader(ArtifactOptions options, HttpClient? http = null)
{
    private readonly ArtifactLocator _locator = new(options, http);

    public ArtifactOptions Options { get; } = options;

    /// <summary>
    /// Loads an XGBoost model from <paramref name="modelDataUrl"/>: a model.tar.gz holding <c>xgboost-model</c>
    /// (or the first non-dot file, as the SageMaker container does), or an unpacked model file.
    /// Throws <see cref="ModelLoadException"/> with a user-actionable message on any failure.
    /// </summary>
    public async Task<IPredictor> LoadXGBoostAsync(string modelDataUrl, CancellationToken cancellationToken)
    {
        var source = await _locator.ResolveAsync(modelDataUrl, cancellationToken).ConfigureAwait(false);
        string? unpacked = null;
        try
        {
            string modelFile;
            if (Directory.Exists(source.Path))
            {
                modelFile = ModelFileSelector.Select(source.Path, modelDataUrl);
            }
            else
            {
                var kind = ArtifactSniffer.Detect(source.Path);
                if (kind == ArtifactKind.ModelFile)
                {
                    modelFile = source.Path;
                }
                else
                {
                    unpacked = Path.Combine(Options.WorkDirectory, "unpacked", Guid.NewGuid().ToString("N"));
                    await UnpackAsync(source.Path, kind, unpacked, modelDataUrl, cancellationToken).ConfigureAwait(false);
                    modelFile = ModelFileSelector.Select(unpacked, modelDataUrl);
                }
            }

            byte[] bytes = await ReadModelAsync(modelFile, modelDataUrl, cancellationToken).ConfigureAwait(false);
            return XGBoostModelLoader.Load(bytes, Path.GetFileName(modelFile));
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"model artifact {modelDataUrl} could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelLoadException($"model artifact {modelDataUrl} could not be read (permission denied): {e.Message}", e);
        }
        finally
        {
            if (unpacked is not null)
            {
                TryDeleteDirectory(unpacked);
            }

            if (source.IsTemporary)
            {
                TryDeleteFile(source.Path);
            }
        }
    }

    private async Task UnpackAsync(string archive, ArtifactKind kind, string destination, string url, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        Stream raw = kind == ArtifactKind.GzipArchive ? new GZipStream(file, CompressionMode.Decompress) : file;
        await using var limited = new LimitedReadStream(raw, Options.MaxArtifactBytes + (1L << 24), () => new ModelLoadException(
            $"model artifact {url}: the archive unpacks to more than the {Options.MaxArtifactBytes}-byte limit"));
        try
        {
            await SafeTarExtractor.ExtractAsync(limited, destination, Options, url, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new ModelLoadException(
                $"model artifact {url} is not a valid {(kind == ArtifactKind.GzipArchive ? "gzip-compressed " : string.Empty)}tar archive: {e.Message}", e);
        }
    }

    private async Task<byte[]> ReadModelAsync(string path, string url, CancellationToken cancellationToken)
    {
        long length = new FileInfo(path).Length;
        if (length > Options.MaxArtifactBytes)
        {
            throw new ModelLoadException(
                $"model artifact {url}: model file {Path.GetFileName(path)} is {length} bytes, over the {Options.MaxArtifactBytes}-byte limit");
        }

        return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
