namespace Turnout.Models.Artifacts;

/// <summary>Tells archives from model files by content, never by name.</summary>
internal static class ArtifactSniffer
{
    public static ArtifactKind Detect(string path)
    {
        Span<byte> head = stackalloc byte[262];
        int n;
        using (var file = File.OpenRead(path))
        {
            n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..n];
        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            return ArtifactKind.GzipArchive;
        }

        // POSIX/GNU tar: "ustar" magic at offset 257 of the first header.
        return head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8) ? ArtifactKind.TarArchive : ArtifactKind.ModelFile;
    }
}
