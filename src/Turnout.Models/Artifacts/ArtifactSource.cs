namespace Turnout.Models.Artifacts;

/// <summary>A ModelDataUrl resolved to a local file or directory; <see cref="IsTemporary"/> when we downloaded it.</summary>
internal sealed record ArtifactSource(string Path, bool IsTemporary);
