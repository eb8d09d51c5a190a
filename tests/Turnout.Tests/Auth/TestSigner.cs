using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Turnout.Tests.Auth;

/// <summary>
/// A deliberately plain SigV4 signer (strings, no spans), written from the AWS documentation independently
/// of the server's verifier, so the two check each other. Paths are canonicalised the non-S3 way (encoded again).
/// </summary>
internal static class TestSigner
{
    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    public static string Sha256Hex(byte[] body) => Hex(SHA256.HashData(body));

    /// <summary>RFC 3986 encoding as SigV4 wants it: the CLI's signer's, which AWS's published example checks.</summary>
    public static string UriEncode(string text, bool keepSlash) => Turnout.Cli.Client.SigV4Signer.Encode(text, keepSlash);

    /// <summary>Canonical request for already-normalised <paramref name="rawPath"/> and a sorted, encoded query.</summary>
    public static string CanonicalRequest(string method, string rawPath, string canonicalQuery, IReadOnlyList<(string Name, string Value)> headers, string payloadHash)
    {
        var sorted = headers.Select(h => (Name: h.Name.ToLowerInvariant(), Value: string.Join(' ', h.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))))
            .GroupBy(h => h.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Concat(sorted.Select(g => $"{g.Key}:{string.Join(',', g.Select(h => h.Value))}\n"));
        var signedHeaders = string.Join(';', sorted.Select(g => g.Key));
        return $"{method}\n{UriEncode(rawPath, keepSlash: true)}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
    }

    public static string SignedHeaders(IEnumerable<(string Name, string Value)> headers) =>
        string.Join(';', headers.Select(h => h.Name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));

    public static string Signature(string secret, string amzDate, string region, string service, string canonicalRequest)
    {
        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), amzDate[..8]), region), service), "aws4_request");
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Authorization(string accessKeyId, string amzDate, string region, string service, string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{amzDate[..8]}/{region}/{service}/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";
}
