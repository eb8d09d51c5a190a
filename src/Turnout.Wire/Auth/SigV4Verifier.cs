using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Turnout.Wire.Auth;

/// <summary>
/// Verifies header-signed SigV4 requests in two steps so the body is read only for a plausible request:
/// <see cref="Authenticate"/> checks the Authorization header, the date (±15 minutes, as AWS), the scope's
/// service and the access key; <see cref="Verify"/> then recomputes the signature over the canonical request
/// with the payload hash and compares it in constant time.
/// </summary>
internal static class SigV4Verifier
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public static AuthFailure? Authenticate(IHeaderDictionary headers, ReadOnlySpan<char> rawQuery, bool isHttps, CredentialSet keys,
        string? service, DateTimeOffset now, out PendingSignature pending)
    {
        pending = default;
        var authorization = headers.Authorization;
        if (authorization.Count == 0)
        {
            return rawQuery.Contains("X-Amz-Signature=", StringComparison.OrdinalIgnoreCase)
                ? new AuthFailure(AuthFailureKind.IncompleteSignature, "Turnout verifies header-signed requests only; query-string (presigned) signatures are not supported.")
                : new AuthFailure(AuthFailureKind.MissingToken, "Request is missing Authentication Token");
        }

        if (authorization.Count > 1)
        {
            return new AuthFailure(AuthFailureKind.IncompleteSignature, "The request has more than one Authorization header.");
        }

        if (!SigV4AuthorizationParser.TryParse(authorization[0], out var auth, out var error))
        {
            return new AuthFailure(AuthFailureKind.IncompleteSignature, error!);
        }

        if (!TryReadTimestamp(headers, out var timestamp, out var signedAt))
        {
            return new AuthFailure(AuthFailureKind.IncompleteSignature,
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (X-Amz-Date as yyyyMMdd'T'HHmmss'Z').");
        }

        if (signedAt < now - MaxSkew)
        {
            return new AuthFailure(AuthFailureKind.InvalidSignature,
                $"Signature expired: {timestamp} is now earlier than {Basic(now - MaxSkew)} ({Basic(now)} - 15 min.)");
        }

        if (signedAt > now + MaxSkew)
        {
            return new AuthFailure(AuthFailureKind.InvalidSignature,
                $"Signature not yet current: {timestamp} is still later than {Basic(now + MaxSkew)} ({Basic(now)} + 15 min.)");
        }

        if (!auth.Date.SequenceEqual(timestamp.AsSpan(0, 8)))
        {
            return new AuthFailure(AuthFailureKind.InvalidSignature,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.Date}' != '{timestamp.AsSpan(0, 8)}', from '{timestamp}'.");
        }

        if (service is not null ? !auth.Service.SequenceEqual(service)
            : !auth.Service.SequenceEqual(RequestTarget.SageMakerService) && !auth.Service.SequenceEqual(RequestTarget.CloudWatchService))
        {
            return new AuthFailure(AuthFailureKind.InvalidSignature,
                $"Credential should be scoped to correct service: '{service ?? "sagemaker' or 'monitoring"}'.");
        }

        var key = keys.Find(auth.AccessKeyId);
        if (key is null)
        {
            return new AuthFailure(AuthFailureKind.UnrecognizedClient, "The security token included in the request is invalid.",
                AccessKeyId: Redacted(auth.AccessKeyId));
        }

        if (headers.ContainsKey("X-Amz-Security-Token"))
        {
            return new AuthFailure(AuthFailureKind.UnrecognizedClient,
                "The security token included in the request is invalid. Turnout issues no session tokens; sign with a key from its credentials file and no AWS_SESSION_TOKEN.",
                AccessKeyId: key.AccessKeyId);
        }

        var declared = headers["X-Amz-Content-SHA256"];
        var mode = PayloadMode.Compute;
        string? declaredHash = null;
        if (declared.Count > 0)
        {
            declaredHash = declared.ToString();
            if (declaredHash == UnsignedPayload)
            {
                if (!isHttps)
                {
                    return new AuthFailure(AuthFailureKind.IncompleteSignature,
                        "UNSIGNED-PAYLOAD is accepted over HTTPS only: over plain HTTP the body would not be protected by the signature.", AccessKeyId: key.AccessKeyId);
                }

                mode = PayloadMode.Unsigned;
            }
            else if (declaredHash.StartsWith("STREAMING-", StringComparison.Ordinal))
            {
                return new AuthFailure(AuthFailureKind.IncompleteSignature,
                    $"x-amz-content-sha256 '{(declaredHash.Length > 64 ? declaredHash[..64] : declaredHash)}': chunked (streaming) payload signing is not supported by Turnout; sign the whole payload.", AccessKeyId: key.AccessKeyId);
            }
            else if (declaredHash.Length != 64 || declaredHash.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
            {
                return new AuthFailure(AuthFailureKind.IncompleteSignature,
                    "x-amz-content-sha256 must be the hex SHA-256 of the payload or UNSIGNED-PAYLOAD.", AccessKeyId: key.AccessKeyId);
            }
            else
            {
                mode = PayloadMode.Declared;
            }
        }

        pending = new PendingSignature(auth, key, timestamp, mode, declaredHash);
        return null;
    }

    /// <summary>Recomputes the signature; <paramref name="bodyHash"/> is the body's lowercase hex SHA-256 (unused for UNSIGNED-PAYLOAD).</summary>
    public static AuthFailure? Verify(in PendingSignature pending, string method, ReadOnlySpan<char> rawPath, ReadOnlySpan<char> rawQuery,
        IHeaderDictionary headers, ReadOnlySpan<char> bodyHash)
    {
        var auth = pending.Authorization;
        ReadOnlySpan<char> payload = pending.Payload switch
        {
            PayloadMode.Unsigned => UnsignedPayload,
            PayloadMode.Declared => pending.DeclaredHash,
            _ => bodyHash,
        };
        if (pending.Payload == PayloadMode.Declared && !bodyHash.Equals(pending.DeclaredHash, StringComparison.OrdinalIgnoreCase))
        {
            return new AuthFailure(AuthFailureKind.InvalidSignature,
                "The provided 'x-amz-content-sha256' header does not match what was computed.", AccessKeyId: pending.Key.AccessKeyId);
        }

        var canonical = new Utf8Builder(1024);
        var toSign = new Utf8Builder(256);
        try
        {
            SigV4Canonicalizer.Write(ref canonical, method, rawPath, rawQuery, headers, auth.SignedHeaders, payload);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(canonical.Written, hash);
            toSign.Append(SigV4AuthorizationParser.Algorithm);
            toSign.Append('\n');
            toSign.Append(pending.Timestamp);
            toSign.Append('\n');
            toSign.Append(auth.Scope);
            toSign.Append('\n');
            toSign.AppendHex(hash);

            var scope = auth.Scope;
            Span<byte> expected = stackalloc byte[32];
            HMACSHA256.HashData(pending.Key.SigningKey(scope[..^"/aws4_request".Length]), toSign.Written, expected);
            Span<byte> provided = stackalloc byte[32];
            if (Convert.FromHexString(auth.Signature, provided, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32
                && CryptographicOperations.FixedTimeEquals(expected, provided))
            {
                return null;
            }

            if (!SignsHost(auth.SignedHeaders))
            {
                return new AuthFailure(AuthFailureKind.InvalidSignature, "'Host' must be a 'SignedHeader' in the AWS Authorization.", AccessKeyId: pending.Key.AccessKeyId);
            }

            return new AuthFailure(AuthFailureKind.InvalidSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                $"\n\nThe Canonical String for this request should have been\n'{canonical.ToString()}'\n\nThe String-to-Sign should have been\n'{toSign.ToString()}'\n",
                pending.Key.AccessKeyId);
        }
        finally
        {
            canonical.Dispose();
            toSign.Dispose();
        }
    }

    /// <summary>Lowercase hex SHA-256 of <paramref name="body"/> into <paramref name="hex"/> (64 chars).</summary>
    public static void HashHex(ReadOnlySpan<byte> body, Span<char> hex)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        for (var i = 0; i < 32; i++)
        {
            hex[2 * i] = "0123456789abcdef"[hash[i] >> 4];
            hex[(2 * i) + 1] = "0123456789abcdef"[hash[i] & 0xF];
        }
    }

    /// <summary>Unknown key ids are logged by prefix only: a caller who swapped id and secret must not get the secret logged.</summary>
    public static string Redacted(ReadOnlySpan<char> accessKeyId) =>
        accessKeyId.Length <= 4 ? "…" : string.Concat(accessKeyId[..4], "…");

    private static bool SignsHost(ReadOnlySpan<char> signedHeaders)
    {
        foreach (var range in signedHeaders.Split(';'))
        {
            if (signedHeaders[range].SequenceEqual("host"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadTimestamp(IHeaderDictionary headers, out string timestamp, out DateTimeOffset signedAt)
    {
        var amzDate = headers["X-Amz-Date"];
        if (amzDate.Count == 1)
        {
            timestamp = amzDate[0] ?? string.Empty;
            return TryParseBasic(timestamp, out signedAt);
        }

        var date = headers.Date;
        if (amzDate.Count == 0 && date.Count == 1 && DateTimeOffset.TryParseExact(date[0], "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out signedAt))
        {
            timestamp = Basic(signedAt);
            return true;
        }

        timestamp = string.Empty;
        signedAt = default;
        return false;
    }

    /// <summary>yyyyMMdd'T'HHmmss'Z' by hand: DateTimeOffset.TryParseExact allocates on every request.</summary>
    private static bool TryParseBasic(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 16 || text[8] != 'T' || text[15] != 'Z')
        {
            return false;
        }

        var span = text.AsSpan();
        if (span[..8].ContainsAnyExceptInRange('0', '9') || span[9..15].ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        static int Digits(ReadOnlySpan<char> s)
        {
            var n = 0;
            foreach (var c in s)
            {
                n = (n * 10) + (c - '0');
            }

            return n;
        }

        int year = Digits(span[..4]), month = Digits(span[4..6]), day = Digits(span[6..8]);
        int hour = Digits(span[9..11]), minute = Digits(span[11..13]), second = Digits(span[13..15]);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static string Basic(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
