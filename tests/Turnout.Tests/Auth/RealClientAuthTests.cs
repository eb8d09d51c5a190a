using System.Text.Json;
using Turnout.Tests.CloudWatch;
using Turnout.Tests.Support;

namespace Turnout.Tests.Auth;

/// <summary>
/// Stock AWS clients signing real requests: Debian boto3 1.26, pyenv boto3 1.43 (CloudWatch over JSON and
/// CBOR) and AWS CLI v2, with right keys, a wrong secret, an unknown key, keys whose allow/resources exclude
/// the call, no signature and a stale clock; each must surface AWS's error code. Missing clients fail.
/// </summary>
public sealed class RealClientAuthTests(AuthServerFixture fixture) : IClassFixture<AuthServerFixture>
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["ok_list"] = "OK", ["ok_invoke"] = "OK", ["limited_invoke"] = "OK", ["ok_metrics"] = "OK",
        ["wrong_sagemaker"] = "InvalidSignatureException", ["wrong_runtime"] = "InvalidSignatureException", ["wrong_cloudwatch"] = "SignatureDoesNotMatch",
        ["unknown_sagemaker"] = "UnrecognizedClientException", ["unknown_runtime"] = "UnrecognizedClientException", ["unknown_cloudwatch"] = "InvalidClientTokenId",
        ["denied_action"] = "AccessDeniedException", ["denied_resource"] = "AccessDeniedException", ["denied_invoke"] = "AccessDeniedException", ["denied_cloudwatch"] = "AccessDenied",
        ["unsigned_sagemaker"] = "MissingAuthenticationTokenException", ["unsigned_runtime"] = "MissingAuthenticationTokenException", ["unsigned_cloudwatch"] = "MissingAuthenticationToken",
        ["skew_sagemaker"] = "InvalidSignatureException", ["skew_runtime"] = "InvalidSignatureException", ["skew_cloudwatch"] = "SignatureDoesNotMatch",
    };

    private static readonly string[] CloudWatchScenarios = ["ok_metrics", "wrong_cloudwatch", "unknown_cloudwatch", "denied_cloudwatch", "unsigned_cloudwatch", "skew_cloudwatch"];

    [Fact]
    public async Task Boto3Legacy_EveryScenario_AwsErrorCodes()
    {
        Assert.True(File.Exists(ClientRunner.DebianPython), $"{ClientRunner.DebianPython} is missing. {ClientProcess.InstallHint}");
        var report = await RunScriptAsync(ClientRunner.DebianPython, cbor: false);
        Assert.Equal("query", report.GetProperty("cloudwatch_protocol").GetString());
        AssertScenarios(report, Expected);
    }

    [Fact]
    public async Task Boto3Modern_EveryScenarioOverJsonAndCbor_AwsErrorCodes()
    {
        var python = ClientProcess.FindModernPython();
        Assert.True(python is not null, $"No pyenv python3 on PATH. {ClientProcess.InstallHint}");
        var report = await RunScriptAsync(python!, cbor: true);
        Assert.Equal("json", report.GetProperty("cloudwatch_protocol").GetString());
        Assert.Equal("smithy-rpc-v2-cbor", report.GetProperty("cbor_protocol").GetString());
        var expected = new Dictionary<string, string>(Expected);
        foreach (var scenario in CloudWatchScenarios)
        {
            expected["cbor_" + scenario] = Expected[scenario];
        }

        AssertScenarios(report, expected);
    }

    [Fact]
    public async Task AwsCliV2_RightWrongUnknownDeniedUnsigned_AwsErrorCodes()
    {
        Assert.True(File.Exists(ClientRunner.AwsCli), $"{ClientRunner.AwsCli} is missing. {ClientProcess.InstallHint}");
        var row = Path.Combine(AuthTestKeys.NewDirectory(), "row.csv");
        await File.WriteAllTextAsync(row, ChurnEndpoint.Rows[0]);
        var output = Path.Combine(Path.GetDirectoryName(row)!, "out.txt");
        string[] list = ["sagemaker", "list-endpoints", "--endpoint-url", fixture.Url, "--output", "json"];
        string[] invoke = ["sagemaker-runtime", "invoke-endpoint", "--endpoint-url", fixture.Url, "--endpoint-name", AuthServerFixture.EndpointName,
            "--content-type", "text/csv", "--body", "fileb://" + row, output];
        string[] metrics = ["cloudwatch", "list-metrics", "--endpoint-url", fixture.Url, "--namespace", "AWS/SageMaker"];

        // Six runs (the CLI starts slowly); boto3 covers the remaining cases. Clock skew cannot be injected into the CLI.
        var runs = new (string Name, string[] Args, string? Id, string? Secret, string Expected)[]
        {
            ("right invoke", invoke, AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret, "OK"),
            ("wrong secret", list, AuthTestKeys.AdminId, AuthTestKeys.WrongSecret, "InvalidSignatureException"),
            ("wrong secret query", metrics, AuthTestKeys.MetricsId, AuthTestKeys.WrongSecret, "SignatureDoesNotMatch"),
            ("unknown key", list, "AKIDUNKNOWNKEY", AuthTestKeys.AdminSecret, "UnrecognizedClientException"),
            ("denied action", ["sagemaker", "delete-model", "--endpoint-url", fixture.Url, "--model-name", "prod-m"], AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret, "AccessDeniedException"),
            ("unsigned", [.. list, "--no-sign-request"], null, null, "MissingAuthenticationTokenException"),
        };

        var results = await Task.WhenAll(runs.Select(r => ClientRunner.RunAsync(ClientRunner.AwsCli, r.Args, r.Id, r.Secret)));
        for (var i = 0; i < runs.Length; i++)
        {
            var (exit, stdout, stderr) = results[i];
            if (runs[i].Expected == "OK")
            {
                Assert.True(exit == 0, $"{runs[i].Name}: aws exited {exit}: {stderr}");
            }
            else
            {
                Assert.True(exit != 0, $"{runs[i].Name}: aws succeeded");
                Assert.Contains($"An error occurred ({runs[i].Expected})", stderr, StringComparison.Ordinal);
            }

            AssertNoSecret(stdout + stderr);
        }

        Assert.Equal("Variant", (await File.ReadAllTextAsync(output)).Length > 0 ? "Variant" : "empty");
        AssertNoSecret(fixture.Log.Text);
    }

    private async Task<JsonElement> RunScriptAsync(string python, bool cbor)
    {
        List<string> args =
        [
            ClientRunner.ScriptPath("auth_client.py"), "--endpoint-url", fixture.Url, "--endpoint-name", AuthServerFixture.EndpointName,
            "--row", ChurnEndpoint.Rows[0],
            "--admin", $"{AuthTestKeys.AdminId}:{AuthTestKeys.AdminSecret}",
            "--limited", $"{AuthTestKeys.LimitedId}:{AuthTestKeys.LimitedSecret}",
            "--metrics", $"{AuthTestKeys.MetricsId}:{AuthTestKeys.MetricsSecret}",
            "--wrong-secret", AuthTestKeys.WrongSecret,
        ];
        if (cbor)
        {
            args.Add("--cbor");
        }

        var (exit, stdout, stderr) = await ClientRunner.RunAsync(python, args);
        Assert.True(exit == 0, $"{python} auth_client.py exited {exit}:\n{stderr}");
        AssertNoSecret(stdout + stderr);
        AssertNoSecret(fixture.Log.Text);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    private static void AssertScenarios(JsonElement report, Dictionary<string, string> expected)
    {
        var failures = new List<string>();
        foreach (var (scenario, code) in expected)
        {
            var got = report.GetProperty(scenario);
            if (got.GetProperty("code").GetString() != code)
            {
                failures.Add($"{scenario}: expected {code}, got {got}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.StartsWith("Signature expired", report.GetProperty("skew_sagemaker").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, report.GetProperty("wrong_runtime").GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(report.GetProperty("limited_invoke").GetProperty("variant").GetString()));
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in AuthTestKeys.Secrets.Append(AuthTestKeys.WrongSecret))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
