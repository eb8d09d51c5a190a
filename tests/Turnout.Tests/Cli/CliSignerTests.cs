using System.Text.Json.Nodes;
using Turnout.Cli;
using Turnout.Cli.Client;
using Turnout.Tests.Auth;

namespace Turnout.Tests.Cli;

/// <summary>The CLI's own SigV4 signer: AWS's published example, then the server's verifier (in process, over real HTTP).</summary>
public sealed class CliSignerTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>
{
    [Fact]
    public void Sign_MatchesAwsDocumentationExample()
    {
        // "Create a signed AWS API request" (IAM ListUsers, 2015-08-30T12:36:00Z), the signing guide's worked example.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08");
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        SigV4Signer.Sign(request, [], new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "us-east-1",
            new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero), service: "iam");
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
            request.Headers.Authorization!.ToString());
        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
    }

    private TurnoutClient Client(string id, string secret) =>
        new(new ClientSettings(new Uri(fixture.Url + "/"), new Credentials(id, secret), "us-east-1", OutputFormat.Table));

    [Fact]
    public async Task RightKey_ControlPlaneRuntimeAndCloudWatch_AreAccepted()
    {
        using var client = Client(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret);
        var endpoints = await client.SageMakerAsync("ListEndpoints", new JsonObject(), CancellationToken.None);
        Assert.Contains(endpoints["Endpoints"]!.AsArray(), e => e!["EndpointName"]!.GetValue<string>() == AuthServerFixture.EndpointName);

        var row = File.ReadLines(Turnout.Tests.Models.RepoPaths.ChurnTestData).First();
        var (variant, body) = await client.InvokeAsync(AuthServerFixture.EndpointName, row[(row.IndexOf(',', StringComparison.Ordinal) + 1)..], "text/csv", null, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(variant));
        Assert.True(double.TryParse(body.Trim(), System.Globalization.CultureInfo.InvariantCulture, out _), body);

        var metrics = await client.CloudWatchAsync("ListMetrics", new JsonObject { ["Namespace"] = "AWS/SageMaker" }, CancellationToken.None);
        Assert.NotNull(metrics["Metrics"]);
    }

    [Fact]
    public async Task WrongSecret_IsAccessDenied_WithAHint()
    {
        using var client = Client(AuthTestKeys.AdminId, AuthTestKeys.WrongSecret);
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => client.SageMakerAsync("ListEndpoints", new JsonObject(), CancellationToken.None));
        Assert.Contains("InvalidSignatureException", e.Message, StringComparison.Ordinal);
        Assert.Contains("--credentials", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Canonical String", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_IsAccessDenied_AndSaysHowToSign()
    {
        using var client = new TurnoutClient(new ClientSettings(new Uri(fixture.Url + "/"), null, "us-east-1", OutputFormat.Table));
        var e = await Assert.ThrowsAsync<AccessDeniedException>(() => client.SageMakerAsync("ListEndpoints", new JsonObject(), CancellationToken.None));
        Assert.Contains("--access-key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Profile_IsReadFromTheSharedCredentialsFile()
    {
        var path = Path.Combine(AuthTestKeys.NewDirectory(), "credentials");
        File.WriteAllText(path, "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n[turnout]\n# comment\naws_access_key_id=AKIDP\naws_secret_access_key = secret/P+1\n");
        Assert.Equal(new Credentials("AKIDP", "secret/P+1"), AwsProfile.Read("turnout", path));
        Assert.Contains("[nope]", Assert.Throws<UsageException>(() => AwsProfile.Read("nope", path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FlagsNeedBothKeys_AndUrlMustBeHttp()
    {
        Assert.Throws<UsageException>(() => GlobalOptions.Resolve("http://127.0.0.1:1", "table", "AKID", null, null, null));
        Assert.Throws<UsageException>(() => GlobalOptions.Resolve("ftp://x", "table", null, null, null, null));
        var settings = GlobalOptions.Resolve("http://127.0.0.1:1", "json", "AKID", "SECRET", null, "eu-west-1");
        Assert.Equal(new Credentials("AKID", "SECRET"), settings.Credentials);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(OutputFormat.Json, settings.Output);
    }

    [Fact]
    public void ErrorBodies_AreRead() =>
        Assert.Equal(("ValidationException", "Could not find endpoint \"x\"."),
            TurnoutClient.Error("{\"__type\":\"com.amazonaws.sagemaker#ValidationException\",\"message\":\"Could not find endpoint \\\"x\\\".\"}", null));

}
