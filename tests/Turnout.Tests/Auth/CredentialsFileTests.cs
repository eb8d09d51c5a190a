using System.Text;
using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

public sealed class CredentialsFileTests
{
    private const string Secret = "s3cr3t-abcdefghijklmnop";

    private static CredentialSet Parse(string json) => CredentialsFile.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_KeysWithPolicies_Loaded()
    {
        var set = Parse($$"""{"keys": [{"accessKeyId": "AKIDONE", "secretAccessKey": "{{Secret}}", "allow": ["sagemaker:*"], "resources": ["endpoint/prod-*"]}, {"accessKeyId": "AKIDTWO", "secretAccessKey": "{{Secret}}"}]}""");
        Assert.Equal(2, set.Count);
        Assert.Equal(["sagemaker:*"], set.Find("AKIDONE")!.Allow);
        Assert.Null(set.Find("AKIDTWO")!.Allow);
        Assert.Null(set.Find("AKIDTHREE"));
    }

    [Theory]
    [InlineData("""{"keys": [{"accessKeyId": "A1", "secretAccessKey": "SECRETVALUE-0123456789", "alow": ["sagemaker:*"]}]}""", "unknown member \"alow\"")]
    [InlineData("""{"keys": [{"accessKeyId": "A1", "secretAccessKey": "SECRETVALUE-0123456789"}, {"accessKeyId": "A1", "secretAccessKey": "SECRETVALUE-0123456789"}]}""", "more than once")]
    [InlineData("""{"keys": [{"accessKeyId": "A1", "secretAccessKey": "short"}]}""", "shorter than 16")]
    [InlineData("""{"keys": [{"accessKeyId": "A1", "secretAccessKey": "SECRETVALUE-0123456789", "allow": ["CreateModel"]}]}""", "not service:Operation")]
    [InlineData("""{"keys": [{"secretAccessKey": "SECRETVALUE-0123456789"}]}""", "accessKeyId is required")]
    [InlineData("""{"keys": {}}""", "must be an array")]
    [InlineData("""{"keys": [{"accessKeyId": "A1", "secretAccessKey": SECRETVALUE-0123456789}]}""", "not valid JSON")]
    public void Parse_Invalid_ExplainsWithoutTheSecret(string json, string expected)
    {
        var error = Assert.Throws<CredentialsFileException>(() => Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETVALUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_AccessKey_ShowsNoSecret()
    {
        var key = Parse($$"""{"keys": [{"accessKeyId": "AKIDONE", "secretAccessKey": "{{Secret}}"}]}""").Find("AKIDONE")!;
        Assert.DoesNotContain(Secret, key.ToString(), StringComparison.Ordinal);
    }
}
