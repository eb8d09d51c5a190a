using System.Formats.Tar;

namespace Turnout.Models.Artifacts;

/// <summary>
/// Unpacks a tar stream into a fresh directory, refusing anything that could write outside it or
/// exhaust the disk: absolute paths, <c>..</c> segments, links, devices, too many entries or bytes.
/// </summary>
internal static class SafeTarExtractor
{
    public static async Task ExtractAsync(Stream tar, string destination, ArtifactOptions options, string url, CancellationToken cancellationToken)
    {
        string root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        string rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        await using var reader = new TarReader(tar, leaveOpen: true);
        int entries = 0;
        long total = 0;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (++entries > options.MaxArchiveEntries)
            {
                throw new ModelLoadException($"model artifact {url}: the archive has more than {options.MaxArchiveEntries} entries");
            }

            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            string? relative = SafeRelativePath(entry.Name, url);
            if (relative is null)
            {
                continue; // the archive root itself ("./")
            }

            string target = Path.GetFullPath(Path.Combine(root, relative));
            if (!target.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                throw Unsafe(url, entry.Name, "it would be written outside the extraction directory");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    total += entry.Length;
                    if (total > options.MaxArtifactBytes)
                    {
                        throw new ModelLoadException(
                            $"model artifact {url}: the archive unpacks to more than the {options.MaxArtifactBytes}-byte limit");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                    {
                        if (entry.DataStream is { } data)
                        {
                            await data.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    throw Unsafe(url, entry.Name, "links are not allowed in model archives");
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    throw Unsafe(url, entry.Name, "device and FIFO entries are not allowed in model archives");
                default:
                    throw Unsafe(url, entry.Name, $"entries of type {entry.EntryType} are not supported");
            }
        }
    }

    /// <summary>The entry name as a relative path, or null for the archive root. Throws for absolute
    /// paths and <c>..</c> segments rather than silently rewriting them.</summary>
    private static string? SafeRelativePath(string name, string url)
    {
        if (name.Length == 0 || name[0] == '/' || name.Contains('\\', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            || (name.Length >= 2 && name[1] == ':'))
        {
            throw Unsafe(url, name, "absolute or platform-specific paths are not allowed");
        }

        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                throw Unsafe(url, name, "'..' path segments are not allowed");
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : Path.Combine([.. parts]);
    }

    private static ModelLoadException Unsafe(string url, string entry, string why) =>
        new($"model artifact {url}: refusing archive entry '{entry}': {why}");
}
