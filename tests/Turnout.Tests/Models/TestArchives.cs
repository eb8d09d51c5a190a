using System.Formats.Tar;
using System.IO.Compression;

namespace Turnout.Tests.Models;

/// <summary>Builds model archives, including hostile ones, for the artifact loader tests.</summary>
internal static class TestArchives
{
    public static byte[] ChurnModelBytes()
    {
        using var file = System.IO.File.OpenRead(RepoPaths.ChurnModel(1));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == "xgboost-model")
            {
                using var ms = new MemoryStream();
                entry.DataStream!.CopyTo(ms);
                return ms.ToArray();
            }
        }

        throw new InvalidOperationException("xgboost-model not in the churn archive");
    }

    public static void Write(string path, bool gzip, params TarEntry[] entries)
    {
        using var file = System.IO.File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
        }
    }

    public static PaxTarEntry File(string name, byte[] content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    public static PaxTarEntry Directory(string name) => new(TarEntryType.Directory, name);

    public static PaxTarEntry Link(string name, string target, TarEntryType type = TarEntryType.SymbolicLink) =>
        new(type, name) { LinkName = target };
}
