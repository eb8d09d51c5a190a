using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

public sealed class AccessPolicyTests
{
    private static AccessKey Key(string[]? allow, string[]? resources) => new("AKID", "0123456789abcdef0123", allow, resources);

    [Theory]
    [InlineData("sagemaker:*", "sagemaker", "CreateModel", true)]
    [InlineData("sagemaker:Describe*", "sagemaker", "DescribeEndpoint", true)]
    [InlineData("sagemaker:Describe*", "sagemaker", "DeleteEndpoint", false)]
    [InlineData("cloudwatch:GetMetricStatistics", "cloudwatch", "GetMetricStatistics", true)]
    [InlineData("cloudwatch:GetMetricStatistics", "cloudwatch", "GetMetricData", false)]
    [InlineData("*", "cloudwatch", "PutMetricAlarm", true)]
    [InlineData("sagemaker:Invoke?ndpoint", "sagemaker", "InvokeEndpoint", true)]
    public void AllowsAction_Pattern_Matches(string pattern, string service, string operation, bool expected) =>
        Assert.Equal(expected, AccessPolicy.AllowsAction(Key([pattern], null), service, operation));

    [Fact]
    public void AllowsAction_NoAllowList_AllowsEverything() =>
        Assert.True(AccessPolicy.AllowsAction(Key(null, null), "sagemaker", "DeleteModel"));

    [Fact]
    public void AllowsAction_EmptyAllowList_AllowsNothing() =>
        Assert.False(AccessPolicy.AllowsAction(Key([], null), "sagemaker", "ListEndpoints"));

    [Theory]
    [InlineData("endpoint/prod-*", "endpoint", "prod-a", true)]
    [InlineData("endpoint/prod-*", "endpoint-config", "prod-a", false)]
    [InlineData("endpoint/prod-*", "endpoint", "staging-a", false)]
    [InlineData("arn:aws:sagemaker:*:*:endpoint/prod-*", "endpoint", "prod-a", true)]
    [InlineData("arn:aws:sagemaker:*:*:endpoint/prod-*", "endpoint", "Prod-A", true)]
    [InlineData("arn:aws:sagemaker:eu-west-1:*:endpoint/*", "endpoint", "prod-a", false)]
    [InlineData("prod-*", "model", "prod-m", true)]
    [InlineData("endpoint/prod-*", "endpoint", "Prod-a", false)]
    public void AllowsResource_Pattern_Matches(string pattern, string type, string name, bool expected) =>
        Assert.Equal(expected, AccessPolicy.AllowsResource(Key(null, [pattern]), type, name, $"arn:aws:sagemaker:us-east-1:000000000000:{type}/{name.ToLowerInvariant()}"));

    [Theory]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("**", "", true)]
    [InlineData("?", "", false)]
    public void IsMatch_Wildcards_Matches(string pattern, string text, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, text));
}
