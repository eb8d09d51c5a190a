using System.Security.Cryptography;
using System.Text;

namespace Turnout.Wire.Auth;

/// <summary>
/// Derived SigV4 signing keys of one access key, by scope (<c>date/region/service</c>). A handful of
/// scopes are live at once (today and yesterday around midnight, sagemaker and monitoring), so a small
/// copy-on-write array searched by span beats a dictionary and allocates nothing on a hit.
/// </summary>
internal sealed class SigningKeyCache
{
    private const int Capacity = 8;
    private volatile Entry[] _entries = [];

    public ReadOnlySpan<byte> Get(ReadOnlySpan<char> scope, byte[] secretKey)
    {
        var entries = _entries;
        foreach (var entry in entries)
        {
            if (scope.SequenceEqual(entry.Scope))
            {
                return entry.Key;
            }
        }

        var key = Derive(scope, secretKey);
        var added = new Entry(scope.ToString(), key);

        // Newest first; racing writers may drop each other's entry, which only costs a re-derivation.
        var next = new Entry[Math.Min(entries.Length + 1, Capacity)];
        next[0] = added;
        Array.Copy(entries, 0, next, 1, next.Length - 1);
        _entries = next;
        return key;
    }

    /// <summary>scope is date/region/service; each step is HMAC-SHA256 keyed by the previous result.</summary>
    public static byte[] Derive(ReadOnlySpan<char> scope, ReadOnlySpan<byte> secretKey)
    {
        Span<byte> current = stackalloc byte[32];
        Span<byte> next = stackalloc byte[32];
        Span<byte> part = stackalloc byte[256];
        var first = true;
        foreach (var range in scope.Split('/'))
        {
            var text = scope[range];
            var length = Encoding.UTF8.GetByteCount(text) <= part.Length ? Encoding.UTF8.GetBytes(text, part) : 0;
            HMACSHA256.HashData(first ? secretKey : current, part[..length], next);
            next.CopyTo(current);
            first = false;
        }

        HMACSHA256.HashData(current, "aws4_request"u8, next);
        return next.ToArray();
    }

    private sealed record Entry(string Scope, byte[] Key);
}
