using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Turnout.Cli.Client;

/// <summary>
/// Signs each request with AWS Signature Version 4 the way botocore does for SageMaker and CloudWatch (host,
/// x-amz-date, content-type and x-amz-target signed; body hashed), so the CLI works against a server started
/// with <c>--credentials</c>. Written from the AWS documentation, not from the server's verifier.
/// </summary>
internal sealed class SigV4Signer(Credentials credentials, string region, HttpMessageHandler inner, TimeProvider? clock = null) : DelegatingHandler(inner)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Sign(request, body, credentials, region, _clock.GetUtcNow());
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds X-Amz-Date and Authorization to <paramref name="request"/> (whose body is <paramref name="body"/>); <paramref name="service"/> defaults to Turnout's routing.</summary>
    internal static void Sign(HttpRequestMessage request, byte[] body, Credentials credentials, string region, DateTimeOffset now, string? service = null)
    {
        var uri = request.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        foreach (var name in (string[])["X-Amz-Target", "X-Amzn-SageMaker-Target-Variant"])
        {
            if (request.Headers.TryGetValues(name, out var values))
            {
                headers[name.ToLowerInvariant()] = string.Join(',', values.Select(v => v.Trim()));
            }
        }

        service ??= Service(uri, request.Headers);
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Encode(uri.AbsolutePath, keepSlash: true)).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));

        var scope = $"{amzDate[..8]}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), amzDate[..8]);
        key = Hmac(Hmac(Hmac(key, region), service), "aws4_request");
        var signature = Hex(Hmac(key, stringToSign));
        request.Headers.Authorization = new AuthenticationHeaderValue("AWS4-HMAC-SHA256",
            $"Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    /// <summary>CloudWatch calls are scoped to "monitoring"; everything else Turnout serves to "sagemaker".</summary>
    private static string Service(Uri uri, HttpRequestHeaders headers) =>
        headers.TryGetValues("X-Amz-Target", out var target) && target.First().StartsWith("GraniteServiceVersion20100801.", StringComparison.Ordinal)
            ? "monitoring"
            : "sagemaker";

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return "";
        }

        var pairs = query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? p : p[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(p[(eq + 1)..]);
            return (Name: Encode(name, keepSlash: false), Value: Encode(value, keepSlash: false));
        });
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding of every byte outside the unreserved set (and '/' when <paramref name="keepSlash"/>).</summary>
    internal static string Encode(string text, bool keepSlash)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
