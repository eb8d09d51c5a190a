using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Turnout.Wire.Auth;

/// <summary>
/// SigV4's canonical request for non-S3 services, built the way botocore and the other AWS SDKs build it:
/// the raw request path with dot segments and empty segments removed, then URI-encoded again (so a
/// percent-encoded endpoint name is encoded twice); query parameters decoded, re-encoded with RFC 3986
/// unreserved characters and sorted; signed headers lowercased with values trimmed and inner whitespace
/// runs collapsed, repeated headers joined with ','.
/// </summary>
internal static class SigV4Canonicalizer
{
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    // Header names botocore and the CLI sign, so looking them up by the span in SignedHeaders allocates nothing.
    private static readonly FrozenSet<string> KnownHeaders = FrozenSet.Create(StringComparer.Ordinal,
        "host", "x-amz-date", "content-type", "content-length", "x-amz-target", "x-amz-content-sha256", "x-amz-user-agent",
        "amz-sdk-invocation-id", "amz-sdk-request", "accept", "accept-encoding", "content-encoding", "x-amz-security-token",
        "smithy-protocol", "x-amz-api-version", "x-amzn-sagemaker-target-variant", "x-amzn-sagemaker-custom-attributes",
        "x-amzn-sagemaker-inference-id", "x-amzn-sagemaker-target-model", "x-amzn-sagemaker-target-container-hostname",
        "x-amzn-sagemaker-enable-explanations", "x-amzn-sagemaker-inference-component", "x-amz-query-mode", "date");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownHeaderLookup =
        KnownHeaders.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Writes the canonical request; <paramref name="payloadHash"/> is hex or UNSIGNED-PAYLOAD.</summary>
    public static void Write(ref Utf8Builder output, string method, ReadOnlySpan<char> rawPath, ReadOnlySpan<char> rawQuery,
        IHeaderDictionary headers, ReadOnlySpan<char> signedHeaders, ReadOnlySpan<char> payloadHash)
    {
        output.Append(method.AsSpan());
        output.Append('\n');
        WriteUri(ref output, rawPath);
        output.Append('\n');
        WriteQuery(ref output, rawQuery);
        output.Append('\n');

        var rest = signedHeaders;
        while (!rest.IsEmpty)
        {
            var semicolon = rest.IndexOf(';');
            var name = semicolon < 0 ? rest : rest[..semicolon];
            rest = semicolon < 0 ? [] : rest[(semicolon + 1)..];
            output.Append(name);
            output.Append(':');
            var key = KnownHeaderLookup.TryGetValue(name, out var known) ? known : name.ToString();
            WriteHeaderValues(ref output, headers[key]);
            output.Append('\n');
        }

        output.Append('\n');
        output.Append(signedHeaders);
        output.Append('\n');
        output.Append(payloadHash);
    }

    /// <summary>
    /// The canonical URI: RFC 3986 dot-segment removal plus collapsing of consecutive slashes (what botocore's
    /// remove_dot_segments does), then every byte outside the unreserved set and '/' percent-encoded.
    /// </summary>
    public static void WriteUri(ref Utf8Builder output, ReadOnlySpan<char> rawPath)
    {
        if (rawPath.IsEmpty)
        {
            output.Append('/');
            return;
        }

        // Fast path: nothing to normalise (no "//", no "." or ".." segments), the case for every Turnout route.
        if (rawPath[0] == '/' && rawPath.IndexOf("//") < 0 && rawPath.IndexOf("/.") < 0)
        {
            Encode(ref output, rawPath, keepSlash: true);
            return;
        }

        var segments = new List<Range>();
        var position = 0;
        while (position <= rawPath.Length)
        {
            var slash = rawPath[position..].IndexOf('/');
            var end = slash < 0 ? rawPath.Length : position + slash;
            var segment = rawPath[position..end];
            if (segment.SequenceEqual(".."))
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (!segment.IsEmpty && !segment.SequenceEqual("."))
            {
                segments.Add(new Range(position, end));
            }

            position = end + 1;
        }

        if (rawPath[0] == '/')
        {
            output.Append('/');
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                output.Append('/');
            }

            Encode(ref output, rawPath[segments[i]], keepSlash: false);
        }

        if (rawPath[^1] == '/' && segments.Count > 0)
        {
            output.Append('/');
        }
    }

    /// <summary>Decodes each name and value, re-encodes them canonically, sorts by name then value.</summary>
    public static void WriteQuery(ref Utf8Builder output, ReadOnlySpan<char> rawQuery)
    {
        if (rawQuery.IsEmpty)
        {
            return;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var range in rawQuery.Split('&'))
        {
            var pair = rawQuery[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            pairs.Add((EncodeToString(PercentDecode(key)), EncodeToString(PercentDecode(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(a.Value, b.Value);
        });
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                output.Append('&');
            }

            output.Append(pairs[i].Key.AsSpan());
            output.Append('=');
            output.Append(pairs[i].Value.AsSpan());
        }
    }

    private static void WriteHeaderValues(ref Utf8Builder output, StringValues values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            // Trimall: trim, and turn each run of whitespace into one space.
            var value = (values[i] ?? string.Empty).AsSpan().Trim();
            var pendingSpace = false;
            var start = 0;
            for (var j = 0; j < value.Length; j++)
            {
                if (char.IsWhiteSpace(value[j]))
                {
                    if (!pendingSpace)
                    {
                        output.Append(value[start..j]);
                        pendingSpace = true;
                    }
                }
                else if (pendingSpace)
                {
                    output.Append(' ');
                    pendingSpace = false;
                    start = j;
                }
            }

            output.Append(value[start..]);
        }
    }

    private static void Encode(ref Utf8Builder output, ReadOnlySpan<char> text, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (!text.IsEmpty)
        {
            var run = text.IndexOfAnyExcept(Unreserved);
            if (run < 0)
            {
                output.Append(text);
                return;
            }

            output.Append(text[..run]);
            text = text[run..];
            if (keepSlash && text[0] == '/')
            {
                output.Append('/');
                text = text[1..];
                continue;
            }

            var length = Rune.DecodeFromUtf16(text, out var rune, out var consumed) == OperationStatus.Done
                ? rune.EncodeToUtf8(utf8)
                : new Rune('\uFFFD').EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                output.Append('%');
                output.Append((byte)"0123456789ABCDEF"[utf8[i] >> 4]);
                output.Append((byte)"0123456789ABCDEF"[utf8[i] & 0xF]);
            }

            text = text[Math.Max(consumed, 1)..];
        }
    }

    private static string EncodeToString(string text)
    {
        var builder = new Utf8Builder(text.Length * 3 + 8);
        try
        {
            Encode(ref builder, text, keepSlash: false);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>%XX decoding ('+' stays '+', as SigV4 treats it); malformed escapes are kept literally.</summary>
    private static string PercentDecode(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('%') < 0)
        {
            return text.ToString();
        }

        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2])));
                i += 2;
                continue;
            }

            var rune = Rune.DecodeFromUtf16(text[i..], out var decoded, out var consumed) == OperationStatus.Done ? decoded : Rune.ReplacementChar;
            var n = rune.EncodeToUtf8(utf8);
            for (var j = 0; j < n; j++)
            {
                bytes.Add(utf8[j]);
            }

            i += Math.Max(consumed, 1) - 1;
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
