using System.Diagnostics;
using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

public sealed class SigV4AuthorizationParserTests
{
    private const string Valid = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    [Fact]
    public void TryParse_BotocoreHeader_Components()
    {
        Assert.True(SigV4AuthorizationParser.TryParse(Valid, out var auth, out var error), error);
        Assert.Equal("AKIDEXAMPLE", auth.AccessKeyId.ToString());
        Assert.Equal("20150830", auth.Date.ToString());
        Assert.Equal("us-east-1", auth.Region.ToString());
        Assert.Equal("sagemaker", auth.Service.ToString());
        Assert.Equal("host;x-amz-date", auth.SignedHeaders.ToString());
        Assert.Equal("20150830/us-east-1/sagemaker/aws4_request", auth.Scope.ToString());
        Assert.Equal(64, auth.Signature.Length);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "requires 'Credential'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "requires 'SignedHeaders'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host", "requires 'Signature'")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws5_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "terminator")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/2015083/r/s/aws4_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "yyyyMMdd")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=Host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", "lowercase")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host, Signature=xyz", "64 hexadecimal")]
    [InlineData("AWS4-ECDSA-P256-SHA256 Credential=A/20150830/r/s/aws4_request", "Unsupported AWS 'algorithm'")]
    [InlineData("Bearer abc", "Signature Version 4")]
    [InlineData("", "empty")]
    public void TryParse_Malformed_IncompleteSignatureMessage(string header, string expected)
    {
        Assert.False(SigV4AuthorizationParser.TryParse(header, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=wJalr/XUtnFEMI/K7MDENG/20150830/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31, K7MDENG")]
    [InlineData("AWS4-HMAC-SHA256 Credential=A/20150830/r/s/aws4_request, SignedHeaders=host, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31, K7MDENG=1")]
    public void TryParse_SecretPastedIntoHeader_NotEchoed(string header)
    {
        Assert.False(SigV4AuthorizationParser.TryParse(header, out _, out var error));
        Assert.DoesNotContain("K7MDENG", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Bounded-time fuzz: random strings and byte-level mutations of a real header never make the parser
    /// throw, and whatever it accepts satisfies the invariants the verifier relies on. Seeded, so a failure
    /// reproduces; any crashing input found is to be pinned in <see cref="TryParse_Malformed_IncompleteSignatureMessage"/>.
    /// </summary>
    [Fact]
    public void TryParse_RandomAndMutatedHeaders_NeverThrows()
    {
        var random = new Random(7);
        const string alphabet = "AWS4-HMAC-SHA256 Credential=/,;= SignedHeaders Signature aws4_request0123456789abcdef\t\u0000\u00e9\ud800";
        var stopwatch = Stopwatch.StartNew();
        var iterations = 0;
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(2) && iterations < 500_000)
        {
            string input;
            if (iterations % 3 == 0)
            {
                var chars = new char[random.Next(0, 300)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = random.Next(4) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)];
                }

                input = new string(chars);
            }
            else
            {
                var chars = Valid.ToCharArray().ToList();
                for (var m = random.Next(1, 6); m > 0; m--)
                {
                    var at = random.Next(chars.Count + 1);
                    switch (random.Next(4))
                    {
                        case 0 when at < chars.Count: chars.RemoveAt(at); break;
                        case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        case 2 when at < chars.Count: chars[at] = (char)random.Next(0, 0x80); break;
                        default: chars.InsertRange(at, Valid.AsSpan(random.Next(Valid.Length)).ToArray()); break;
                    }
                }

                input = new string(chars.ToArray());
            }

            if (SigV4AuthorizationParser.TryParse(input, out var auth, out var error))
            {
                Assert.Null(error);
                Assert.Equal(64, auth.Signature.Length);
                Assert.Equal(8, auth.Date.Length);
                Assert.False(auth.AccessKeyId.IsEmpty);
                Assert.EndsWith("/aws4_request", auth.Scope.ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error));
            }

            iterations++;
        }

        Assert.True(iterations > 1000, $"only {iterations} iterations ran");
    }
}
