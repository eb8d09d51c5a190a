using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Turnout.Wire.Auth;
using Xunit.Abstractions;

namespace Turnout.Tests.Auth;

/// <summary>The verifier's cost on the invocation hot path: a few hundred bytes at most once warm; time printed for the record.</summary>
public sealed class SigV4OverheadTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(100)]
    [InlineData(1 << 20)]
    public void Verify_SignedInvocation_SmallAllocationsOnceWarm(int bodyBytes)
    {
        const string secret = "overhead-Secret/Value+0123456789abcdefXYZ";
        var keys = new CredentialSet([new AccessKey("AKIDOVERHEAD", secret, ["sagemaker:InvokeEndpoint"], ["endpoint/prod-*"])]);
        var body = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0.5,1,2,3,4,5,6,7,8,9,", (bodyBytes / 22) + 1)))[..bodyBytes];
        var now = DateTimeOffset.UtcNow;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        const string path = "/endpoints/prod-churn/invocations";
        List<(string, string)> signed =
        [
            ("host", "127.0.0.1:8080"), ("x-amz-date", amzDate), ("content-type", "text/csv"), ("accept", "text/csv"),
            ("amz-sdk-invocation-id", Guid.NewGuid().ToString()), ("amz-sdk-request", "attempt=1"),
        ];
        var canonical = TestSigner.CanonicalRequest("POST", path, string.Empty, signed, TestSigner.Sha256Hex(body));
        var headers = new HeaderDictionary();
        foreach (var (name, value) in signed)
        {
            headers[name] = value;
        }

        headers["Authorization"] = TestSigner.Authorization("AKIDOVERHEAD", amzDate, "us-east-1", "sagemaker", TestSigner.SignedHeaders(signed),
            TestSigner.Signature(secret, amzDate, "us-east-1", "sagemaker", canonical));

        bool Once()
        {
            if (SigV4Verifier.Authenticate(headers, default, false, keys, "sagemaker", now, out var pending) is not null)
            {
                return false;
            }

            Span<char> hash = stackalloc char[64];
            SigV4Verifier.HashHex(body, hash);
            return SigV4Verifier.Verify(pending, "POST", path, default, headers, hash) is null
                && AccessPolicy.AllowsAction(pending.Key, "sagemaker", "InvokeEndpoint");
        }

        Assert.True(Once());
        var iterations = bodyBytes > 1000 ? 50 : 5000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            Once();
        }

        watch.Stop();
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)iterations;
        output.WriteLine($"{bodyBytes} B body: {watch.Elapsed.TotalMicroseconds / iterations:F1} µs and {perCall:F0} B allocated per verification");
        // Kestrel itself allocates a few KB per request; the verifier must stay a small fraction of that.
        Assert.True(perCall < 512, $"{perCall} bytes allocated per verification");
    }
}
