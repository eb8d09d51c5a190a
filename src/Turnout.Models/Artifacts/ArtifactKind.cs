namespace Turnout.Models.Artifacts;

internal enum ArtifactKind
{
    ModelFile,
    GzipArchive,
    TarArchive,
}
