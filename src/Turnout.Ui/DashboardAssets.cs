using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Turnout.Ui;

/// <summary>One embedded file of the dashboard, read once at startup (the whole bundle is about 100 KB).</summary>
internal sealed record DashboardAsset(byte[] Content, string ContentType, string ETag, bool Immutable);

/// <summary>
/// The files vite built into ui/dist, embedded as <c>ui/…</c> resources by this project's build. Paths are
/// relative to /ui/ ("index.html", "assets/index-1a2b3c.js").
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "ui/";

    public static FrozenDictionary<string, DashboardAsset> All { get; } = Load();

    public static bool Built => All.ContainsKey("index.html");

    private static FrozenDictionary<string, DashboardAsset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var path = name[Prefix.Length..].Replace('\\', '/');
            var content = Read(assembly, name);
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            // vite puts a content hash in every file name under assets/, so those never change.
            files[path] = new DashboardAsset(content, ContentType(path), etag, path.StartsWith("assets/", StringComparison.Ordinal));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".json" => "application/json",
        ".woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
}
