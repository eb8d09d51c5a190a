using Turnout.Tests.Auth;
using Turnout.Tests.Support;

namespace Turnout.Tests.AutoScaling;

/// <summary>With --credentials, Application Auto Scaling calls are SigV4 for service application-autoscaling and allow-listed as application-autoscaling:Op.</summary>
public sealed class AutoScalingAuthTests
{
    [Fact]
    public async Task Signed_calls_are_accepted_and_the_allow_list_applies()
    {
        var file = Path.Combine(AuthTestKeys.NewDirectory(), "keys.json");
        AuthTestKeys.Write(file, new
        {
            keys = new object[]
            {
                new { accessKeyId = AuthTestKeys.AdminId, secretAccessKey = AuthTestKeys.AdminSecret },
                new { accessKeyId = AuthTestKeys.LimitedId, secretAccessKey = AuthTestKeys.LimitedSecret, allow = new[] { "application-autoscaling:Describe*" } },
            },
        });
        await using var admin = await InProcessServer.StartAsync(credentials: new TestCredentials(file, AuthTestKeys.AdminId, AuthTestKeys.AdminSecret));
        var (status, body) = await admin.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker" });
        Assert.True(status == 200, body.ToString());

        await using var limited = await InProcessServer.StartAsync(
            dataDirectory: Path.Combine(Path.GetTempPath(), "turnout-tests", Guid.NewGuid().ToString("N")),
            credentials: new TestCredentials(file, AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret));
        (status, _) = await limited.CallAsync("DescribeScalingPolicies", new { ServiceNamespace = "sagemaker" });
        Assert.Equal(200, status);
        (status, body) = await limited.CallAsync("RegisterScalableTarget", new
        {
            ServiceNamespace = "sagemaker", ResourceId = "endpoint/e/variant/v", ScalableDimension = AutoScalingClient.Dimension, MinCapacity = 1, MaxCapacity = 2,
        });
        Assert.Equal(403, status);
        Assert.Equal("AccessDeniedException", body.GetProperty("__type").GetString());
        Assert.Contains("application-autoscaling:RegisterScalableTarget", body.ToString(), StringComparison.Ordinal);
    }
}
