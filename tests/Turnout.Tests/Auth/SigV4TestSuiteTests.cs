using System.Text;
using Microsoft.AspNetCore.Http;
using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

/// <summary>
/// Cases of AWS's published SigV4 test suite (aws-sig-v4-test-suite: AKIDEXAMPLE, 20150830T123600Z,
/// us-east-1, service "service"), reconstructed request by request; the expected signatures are the suite's.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20150830T123600Z";
    private static readonly DateTimeOffset SignedAt = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string, string, string> Cases => new()
    {
        // name, method, raw target, extra headers (name:value|…), body, signature
        { "get-vanilla", "GET", "/", "", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "post-vanilla", "POST", "/", "", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-x-www-form-urlencoded", "POST", "/", "Content-Type:application/x-www-form-urlencoded", "Param1=value1", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a" },
        { "get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", "", "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        { "get-vanilla-empty-query-key", "GET", "/?Param1=value1", "", "", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb" },
        { "get-vanilla-utf8-query", "GET", "/?ሴ=bar", "", "", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-space", "GET", "/example space/", "", "", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
        { "get-utf8", "GET", "/ሴ", "", "", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
        { "get-slashes", "GET", "//example//", "", "", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84" },
        { "get-relative-relative", "GET", "/example1/example2/../..", "", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-slash-dot-slash", "GET", "/./", "", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-unreserved", "GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "", "", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
        { "post-header-key-sort", "POST", "/", "My-Header1:value1", "", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
        { "get-header-value-trim", "GET", "/", "My-Header1: value1|My-Header2: \"a   b   c\"", "", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_AwsTestSuiteRequest_Accepted(string name, string method, string target, string extraHeaders, string body, string signature)
    {
        var (headers, signed) = Headers(extraHeaders);
        headers["Authorization"] = $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20150830/us-east-1/service/aws4_request, SignedHeaders={signed}, Signature={signature}";
        Assert.True(Check(method, target, headers, body) is null, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_AwsTestSuiteRequestWithOtherSignature_InvalidSignature(string name, string method, string target, string extraHeaders, string body, string signature)
    {
        var (headers, signed) = Headers(extraHeaders);
        var wrong = (signature[0] == '0' ? "1" : "0") + signature[1..];
        headers["Authorization"] = $"AWS4-HMAC-SHA256 Credential={AccessKeyId}/20150830/us-east-1/service/aws4_request, SignedHeaders={signed}, Signature={wrong}";
        var failure = Check(method, target, headers, body);
        Assert.NotNull(failure);
        Assert.Equal(AuthFailureKind.InvalidSignature, failure.Kind);
        Assert.Contains("The Canonical String for this request should have been", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.FullMessage, StringComparison.Ordinal);
        _ = name;
    }

    [Fact]
    public void Write_GetVanilla_PublishedCanonicalRequest()
    {
        var (headers, _) = Headers(string.Empty);
        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Canonical("GET", "/", string.Empty, headers, "host;x-amz-date", TestSigner.Sha256Hex([])));
    }

    [Fact]
    public void Write_PostFormUrlencoded_PublishedCanonicalRequest()
    {
        var (headers, signed) = Headers("Content-Type:application/x-www-form-urlencoded");
        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            Canonical("POST", "/", string.Empty, headers, signed, TestSigner.Sha256Hex("Param1=value1"u8.ToArray())));
    }

    [Theory]
    [InlineData("/endpoints/my-endpoint/invocations", "/endpoints/my-endpoint/invocations")]
    [InlineData("/endpoints/a%20b/invocations", "/endpoints/a%2520b/invocations")]
    [InlineData("", "/")]
    [InlineData("/a/./b/../c//d/", "/a/c/d/")]
    [InlineData("/..", "/")]
    public void WriteUri_BotocoreNormalisation_EncodesRawPathAgain(string raw, string expected)
    {
        var builder = new Utf8Builder(64);
        try
        {
            SigV4Canonicalizer.WriteUri(ref builder, raw);
            Assert.Equal(expected, builder.ToString());
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Theory]
    [InlineData("b=2&a=1&a=0", "a=0&a=1&b=2")]
    [InlineData("k=a%2fb&x", "k=a%2Fb&x=")]
    [InlineData("sp=a+b&t=%7e", "sp=a%2Bb&t=~")]
    public void WriteQuery_Parameters_SortedAndReencoded(string raw, string expected)
    {
        var builder = new Utf8Builder(64);
        try
        {
            SigV4Canonicalizer.WriteQuery(ref builder, raw);
            Assert.Equal(expected, builder.ToString());
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static AuthFailure? Check(string method, string target, HeaderDictionary headers, string body)
    {
        var keys = new CredentialSet([new AccessKey(AccessKeyId, Secret, null, null)]);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? string.Empty : target[(question + 1)..];
        var failure = SigV4Verifier.Authenticate(headers, query, isHttps: false, keys, "service", SignedAt.AddMinutes(3), out var pending);
        if (failure is not null)
        {
            return failure;
        }

        Span<char> hash = stackalloc char[64];
        SigV4Verifier.HashHex(Encoding.UTF8.GetBytes(body), hash);
        return SigV4Verifier.Verify(pending, method, path, query, headers, hash);
    }

    private static string Canonical(string method, string path, string query, HeaderDictionary headers, string signed, string payload)
    {
        var builder = new Utf8Builder(64);
        try
        {
            SigV4Canonicalizer.Write(ref builder, method, path, query, headers, signed, payload);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static (HeaderDictionary Headers, string Signed) Headers(string extra)
    {
        var headers = new HeaderDictionary { ["Host"] = "example.amazonaws.com", ["X-Amz-Date"] = AmzDate };
        foreach (var pair in extra.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            headers[pair[..colon]] = pair[(colon + 1)..];
        }

        return (headers, string.Join(';', headers.Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal)));
    }
}
