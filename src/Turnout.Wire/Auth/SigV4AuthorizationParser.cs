namespace Turnout.Wire.Auth;

/// <summary>
/// Parses the SigV4 Authorization header without allocating on success and without throwing on any input:
/// failures come back as the IncompleteSignature message AWS would give.
/// </summary>
internal static class SigV4AuthorizationParser
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    private const string Terminator = "aws4_request";

    /// <summary>Longest header accepted; real ones are ~250 characters even with many signed headers.</summary>
    public const int MaxLength = 8192;

    public static bool TryParse(string? header, out SigV4Authorization result, out string? error)
    {
        result = default;
        if (string.IsNullOrEmpty(header))
        {
            error = "Authorization header is empty.";
            return false;
        }

        if (header.Length > MaxLength)
        {
            error = $"Authorization header is longer than {MaxLength} characters.";
            return false;
        }

        var span = header.AsSpan();
        var space = span.IndexOf(' ');
        var algorithm = space < 0 ? span : span[..space];
        if (!algorithm.SequenceEqual(Algorithm))
        {
            error = algorithm.StartsWith("AWS4-", StringComparison.Ordinal)
                ? $"Unsupported AWS 'algorithm': '{Printable(algorithm)}'. Turnout verifies AWS4-HMAC-SHA256 only."
                : "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. (Turnout accepts only AWS Signature Version 4, AWS4-HMAC-SHA256.)";
            return false;
        }

        Range credential = default, signedHeaders = default, signature = default;
        bool hasCredential = false, hasSignedHeaders = false, hasSignature = false;
        // The bare algorithm with nothing after it has no components (found by the fuzz harness).
        var position = space < 0 ? span.Length : space;
        while (position < span.Length)
        {
            var rest = span[position..];
            var comma = rest.IndexOf(',');
            var end = comma < 0 ? span.Length : position + comma;
            var (start, stop) = Trim(span, position, end);
            position = end + 1;
            if (start == stop)
            {
                continue;
            }

            var part = span[start..stop];
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                error = "Authorization header has a component that is not of the form key=value.";
                return false;
            }

            var key = part[..equals];
            var value = new Range(start + equals + 1, stop);
            if (key.SequenceEqual("Credential"))
            {
                if (hasCredential)
                {
                    return Duplicate("Credential", out error);
                }

                (credential, hasCredential) = (value, true);
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                if (hasSignedHeaders)
                {
                    return Duplicate("SignedHeaders", out error);
                }

                (signedHeaders, hasSignedHeaders) = (value, true);
            }
            else if (key.SequenceEqual("Signature"))
            {
                if (hasSignature)
                {
                    return Duplicate("Signature", out error);
                }

                (signature, hasSignature) = (value, true);
            }
            else
            {
                error = "Authorization header has an unknown component; only Credential, SignedHeaders and Signature are allowed.";
                return false;
            }
        }

        if (!hasCredential || !hasSignedHeaders || !hasSignature)
        {
            error = (hasCredential ? string.Empty : "Authorization header requires 'Credential' parameter. ")
                + (hasSignature ? string.Empty : "Authorization header requires 'Signature' parameter. ")
                + (hasSignedHeaders ? string.Empty : "Authorization header requires 'SignedHeaders' parameter. ");
            error = error.TrimEnd();
            return false;
        }

        // Credential=AKID/yyyyMMdd/region/service/aws4_request
        var c = credential.GetOffsetAndLength(span.Length);
        Span<Range> parts = stackalloc Range[6];
        var count = span.Slice(c.Offset, c.Length).Split(parts, '/');
        if (count != 5)
        {
            error = $"Credential should have the form <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request; it has {count} '/'-separated parts.";
            return false;
        }

        Span<Range> absolute = stackalloc Range[5];
        for (var i = 0; i < 5; i++)
        {
            var (o, l) = parts[i].GetOffsetAndLength(c.Length);
            absolute[i] = new Range(c.Offset + o, c.Offset + o + l);
        }

        if (span[absolute[0]].IsEmpty || span[absolute[2]].IsEmpty || span[absolute[3]].IsEmpty)
        {
            error = "Credential has an empty access key id, region or service.";
            return false;
        }

        if (!IsDate(span[absolute[1]]))
        {
            error = "The date in Credential is not yyyyMMdd.";
            return false;
        }

        if (!span[absolute[4]].SequenceEqual(Terminator))
        {
            error = "Credential should be scoped with a valid terminator: 'aws4_request'.";
            return false;
        }

        if (!IsSignedHeaderList(span[signedHeaders]))
        {
            error = "SignedHeaders must be a non-empty ';'-separated list of lowercase header names.";
            return false;
        }

        if (span[signature].Length != 64 || span[signature].ContainsAnyExcept(HexDigits))
        {
            error = "Signature must be 64 hexadecimal characters.";
            return false;
        }

        result = new SigV4Authorization(header, absolute[0], absolute[1], absolute[2], absolute[3], signedHeaders, signature);
        error = null;
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> HeaderNameChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~;");

    private static bool IsSignedHeaderList(ReadOnlySpan<char> list) =>
        !list.IsEmpty && !list.ContainsAnyExcept(HeaderNameChars) && list[0] != ';' && list[^1] != ';' && list.IndexOf(";;") < 0;

    private static bool IsDate(ReadOnlySpan<char> date)
    {
        if (date.Length != 8 || date.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var month = ((date[4] - '0') * 10) + (date[5] - '0');
        var day = ((date[6] - '0') * 10) + (date[7] - '0');
        return month is >= 1 and <= 12 && day is >= 1 and <= 31;
    }

    private static (int Start, int End) Trim(ReadOnlySpan<char> span, int start, int end)
    {
        while (start < end && span[start] == ' ')
        {
            start++;
        }

        while (end > start && span[end - 1] == ' ')
        {
            end--;
        }

        return (start, end);
    }

    private static bool Duplicate(string name, out string error)
    {
        error = $"Authorization header has '{name}' more than once.";
        return false;
    }

    /// <summary>
    /// Echoes at most 32 characters of the algorithm name, with control characters replaced. Nothing else
    /// from the header is echoed into errors or logs: a caller who put a secret where the key id goes
    /// (Credential=&lt;secret&gt;/…) must not find it in the server log.
    /// </summary>
    private static string Printable(ReadOnlySpan<char> text)
    {
        var shown = text.Length > 32 ? text[..32] : text;
        return string.Create(shown.Length, shown.ToString(), static (dest, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                dest[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        }) + (text.Length > 32 ? "…" : string.Empty);
    }
}
