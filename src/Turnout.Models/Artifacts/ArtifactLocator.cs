namespace Turnout.Models.Artifacts;

/// <summary>Resolves a ModelDataUrl to a local path: file:// URLs and absolute paths as they are,
/// s3:// under <see cref="ArtifactOptions.S3Root"/>, http(s):// downloaded into the work directory.</summary>
internal sealed class ArtifactLocator(ArtifactOptions options, HttpClient? http)
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(30) });

    public async Task<ArtifactSource> ResolveAsync(string url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ModelLoadException("ModelDataUrl is empty: give s3://bucket/key, https://…, file:///path or an absolute path");
        }

        if (url.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return new ArtifactSource(ResolveS3(url), false);
        }

        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return new ArtifactSource(await DownloadAsync(url, cancellationToken).ConfigureAwait(false), true);
        }

        string path;
        if (url.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsFile || (!uri.IsLoopback && uri.Host.Length > 0))
            {
                throw new ModelLoadException($"model artifact {url}: not a local file URL; use file:///absolute/path");
            }

            path = uri.LocalPath;
        }
        else if (Path.IsPathFullyQualified(url))
        {
            path = url;
        }
        else
        {
            throw new ModelLoadException(
                $"unsupported ModelDataUrl '{url}': use s3://bucket/key (with --s3-root), https://…, file:///absolute/path or an absolute path");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ModelLoadException($"model artifact {url} not found: expected file {path}");
        }

        return new ArtifactSource(path, false);
    }

    private string ResolveS3(string url)
    {
        if (options.S3Root is null)
        {
            throw new ModelLoadException(
                $"model artifact {url} cannot be fetched: this server has no S3 root; start it with --s3-root <dir> "
                + "so s3://bucket/key is read from <dir>/bucket/key, or use a file:// or https:// ModelDataUrl");
        }

        string rest = url["s3://".Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string bucket = slash < 0 ? rest : rest[..slash];
        string key = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0)
        {
            throw new ModelLoadException($"model artifact {url}: the S3 URL has no bucket; expected s3://bucket/key");
        }

        string root = Path.GetFullPath(options.S3Root);
        string path = Path.GetFullPath(Path.Combine(root, bucket, key));
        string rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"model artifact {url}: the bucket/key escapes --s3-root {options.S3Root}");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new ModelLoadException($"model artifact {url} not found under --s3-root {options.S3Root}: expected file {path}");
        }

        return path;
    }

    private async Task<string> DownloadAsync(string url, CancellationToken cancellationToken)
    {
        var client = http ?? SharedHttp.Value;
        string directory = Path.Combine(options.WorkDirectory, "downloads");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelLoadException(
                    $"model artifact {url} could not be downloaded: HTTP {(int)response.StatusCode} ({response.ReasonPhrase})");
            }

            if (response.Content.Headers.ContentLength > options.MaxArtifactBytes)
            {
                throw TooLarge(url);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var limited = new LimitedReadStream(body, options.MaxArtifactBytes, () => TooLarge(url));
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await limited.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            return path;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            TryDelete(path);
            throw new ModelLoadException($"model artifact {url} could not be downloaded: {e.Message}", e);
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    private ModelLoadException TooLarge(string url) =>
        new($"model artifact {url} is larger than the {options.MaxArtifactBytes}-byte limit");

    private static void TryDelete(string path)
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
