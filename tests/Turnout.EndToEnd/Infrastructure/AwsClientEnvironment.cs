namespace Turnout.EndToEnd.Infrastructure;

/// <summary>
/// Environment for boto3 and the AWS CLI talking to a local server: dummy credentials, us-east-1, and
/// nothing from the developer's AWS setup or proxies that could redirect or slow the calls.
/// </summary>
internal static class AwsClientEnvironment
{
    public static Dictionary<string, string?> Create(string scratchDir)
    {
        var missing = Path.Combine(scratchDir, "no-such-aws-config");
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDTURNOUTENDTOEND",
            ["AWS_SECRET_ACCESS_KEY"] = "turnout-end-to-end-dummy-secret",
            ["AWS_DEFAULT_REGION"] = "us-east-1",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_CONFIG_FILE"] = missing,
            ["AWS_SHARED_CREDENTIALS_FILE"] = missing,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_PAGER"] = string.Empty,
            ["AWS_CLI_AUTO_PROMPT"] = "off",
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };
        foreach (var name in new[]
        {
            "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_SAGEMAKER", "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", "AWS_ENDPOINT_URL_CLOUDWATCH",
            "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS",
            "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "PYTHONPATH",
        })
        {
            environment[name] = null;
        }

        return environment;
    }
}
