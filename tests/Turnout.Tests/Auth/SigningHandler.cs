using System.Globalization;

namespace Turnout.Tests.Auth;

/// <summary>
/// Signs every HttpClient request with SigV4 the way botocore does (host, x-amz-date, content-type and
/// x-amz-target signed; body hashed; service chosen by route), so in-process tests can drive an
/// authenticated server. <see cref="ClockOffset"/> makes stale or future dates.
/// </summary>
internal sealed class SigningHandler(string accessKeyId, string secret, string region = "us-east-1", HttpMessageHandler? inner = null)
    : DelegatingHandler(inner ?? new HttpClientHandler())
{
    public TimeSpan ClockOffset { get; set; }

    /// <summary>Send <c>x-amz-content-sha256: UNSIGNED-PAYLOAD</c> instead of signing the body's hash.</summary>
    public bool UnsignedPayload { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath == "/ping")
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var amzDate = (DateTime.UtcNow + ClockOffset).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Add("X-Amz-Date", amzDate);
        var uri = request.RequestUri;
        List<(string, string)> headers = [("host", uri.Authority), ("x-amz-date", amzDate)];
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(("content-type", contentType.ToString()));
        }

        if (request.Headers.TryGetValues("X-Amz-Target", out var target))
        {
            headers.Add(("x-amz-target", target.Single()));
        }

        var service = uri.AbsolutePath.StartsWith("/service/GraniteServiceVersion20100801/", StringComparison.Ordinal)
            || target?.Single().StartsWith("GraniteServiceVersion20100801.", StringComparison.Ordinal) == true
            || (target is null && uri.AbsolutePath == "/") ? "monitoring"
            : target?.Single().StartsWith("AnyScaleFrontendService.", StringComparison.Ordinal) == true ? "application-autoscaling"
            : "sagemaker";
        if (UnsignedPayload)
        {
            request.Headers.Add("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
            headers.Add(("x-amz-content-sha256", "UNSIGNED-PAYLOAD"));
        }

        var canonical = TestSigner.CanonicalRequest(request.Method.Method, uri.AbsolutePath, string.Empty, headers, UnsignedPayload ? "UNSIGNED-PAYLOAD" : TestSigner.Sha256Hex(body));
        var signature = TestSigner.Signature(secret, amzDate, region, service, canonical);
        request.Headers.TryAddWithoutValidation("Authorization",
            TestSigner.Authorization(accessKeyId, amzDate, region, service, TestSigner.SignedHeaders(headers), signature));
        return await base.SendAsync(request, cancellationToken);
    }
}
