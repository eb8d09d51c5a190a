namespace Turnout.Models.Artifacts;

/// <summary>Where artifacts come from and where they are unpacked.</summary>
public sealed record ArtifactOptions
{
    /// <summary>Directory that stands in for S3: <c>s3://bucket/key</c> resolves to <c>S3Root/bucket/key</c>. Null: s3 URLs are refused.</summary>
    public string? S3Root { get; init; }

    /// <summary>Scratch directory where downloaded and extracted artifacts are kept.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Cap on bytes downloaded, unpacked from an archive, or read as a model file. Default 1 GiB.</summary>
    public long MaxArtifactBytes { get; init; } = 1L << 30;

    /// <summary>Cap on entries in a model archive. Default 10,000.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;
}
