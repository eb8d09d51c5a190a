using Turnout.Cli;
using Turnout.Cli.Commands;
using Turnout.Cli.Parsing;

namespace Turnout.Tests.Cli;

public sealed class CliParsingTests
{
    [Theory]
    [InlineData("60s", 60)]
    [InlineData("1h", 3600)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1.5m", 90)]
    [InlineData("250ms", 0.25)]
    [InlineData("90", 90)]
    [InlineData("0", 0)]
    public void Durations_ParseWhatPeopleType(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("-5s")]
    [InlineData("5s10")]
    [InlineData("ten minutes")]
    public void Durations_RefuseGarbage(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
        var e = Assert.Throws<UsageException>(() => Durations.Parse(text, "--wait"));
        Assert.Contains("--wait", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_NameEqualsWeight_WithOptionalInstances()
    {
        var parsed = WeightsParser.Parse(["Variant1=25", "Variant2=75:3", "Variant3=0.5"]);
        Assert.Equal(
            [new VariantWeight("Variant1", 25, null), new VariantWeight("Variant2", 75, 3), new VariantWeight("Variant3", 0.5f, null)],
            parsed);
    }

    [Fact]
    public void Weights_PercentSignIsAccepted() =>
        Assert.Equal(25f, WeightsParser.Parse(["Variant1=25%"])[0].Weight);

    [Theory]
    [InlineData("Variant1", "VARIANT=WEIGHT")]
    [InlineData("=25", "VARIANT=WEIGHT")]
    [InlineData("Variant1=", "VARIANT=WEIGHT")]
    [InlineData("Variant1=abc", "must be a number")]
    [InlineData("Variant1=-1", "must be a number")]
    [InlineData("Variant1=1:0", "instance count")]
    [InlineData("Variant1=1:x", "instance count")]
    [InlineData("Variant1=0", "at least one variant")]
    public void Weights_BadArgumentsSayWhy(string argument, string expected)
    {
        var e = Assert.Throws<UsageException>(() => WeightsParser.Parse([argument]));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_SameVariantTwiceIsRefused() =>
        Assert.Contains("twice", Assert.Throws<UsageException>(() => WeightsParser.Parse(["V1=1", "V1=2"])).Message, StringComparison.Ordinal);

    [Fact]
    public void Weights_NoneIsRefused() =>
        Assert.Throws<UsageException>(() => WeightsParser.Parse([]));

    [Theory]
    [InlineData("Variant1=churn-a", "Variant1", "churn-a", 1f, 1)]
    [InlineData("Variant1=churn-a:50", "Variant1", "churn-a", 50f, 1)]
    [InlineData("V2=m:0.5:3", "V2", "m", 0.5f, 3)]
    public void VariantSpec_Parses(string text, string variant, string model, float weight, int instances) =>
        Assert.Equal(new VariantSpec(variant, model, weight, instances), VariantSpecParser.Parse(text));

    [Theory]
    [InlineData("Variant1")]
    [InlineData("Variant1=")]
    [InlineData("Variant1=m:x")]
    [InlineData("Variant1=m:1:0")]
    [InlineData("Variant1=m:1:2:3")]
    public void VariantSpec_RefusesBadSyntax(string text) =>
        Assert.Throws<UsageException>(() => VariantSpecParser.Parse(text));

    [Fact]
    public void DeploymentConfig_Canary()
    {
        var config = EndpointsCommand.DeploymentConfig("10%", null, "60s", [])!;
        var routing = config["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!;
        Assert.Equal("CANARY", routing["Type"]!.GetValue<string>());
        Assert.Equal(60, routing["WaitIntervalInSeconds"]!.GetValue<int>());
        Assert.Equal(10, routing["CanarySize"]!["Value"]!.GetValue<int>());
        Assert.Equal("CAPACITY_PERCENT", routing["CanarySize"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public void DeploymentConfig_LinearWithAlarm()
    {
        var config = EndpointsCommand.DeploymentConfig(null, "25", "1m", ["errors"])!;
        Assert.Equal("LINEAR", config["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!["Type"]!.GetValue<string>());
        Assert.Equal(25, config["BlueGreenUpdatePolicy"]!["TrafficRoutingConfiguration"]!["LinearStepSize"]!["Value"]!.GetValue<int>());
        Assert.Equal("errors", config["AutoRollbackConfiguration"]!["Alarms"]![0]!["AlarmName"]!.GetValue<string>());
    }

    [Fact]
    public void DeploymentConfig_NothingGivenMeansServerDefault() =>
        Assert.Null(EndpointsCommand.DeploymentConfig(null, null, null, []));

    [Theory]
    [InlineData("10%", "20%", null)]
    [InlineData("60%", null, null)]
    [InlineData("0%", null, null)]
    [InlineData(null, "5%", null)]
    [InlineData("10%", null, "2h")]
    [InlineData("10%", null, "soon")]
    public void DeploymentConfig_RefusesWhatSageMakerRefuses(string? canary, string? linear, string? wait) =>
        Assert.Throws<UsageException>(() => EndpointsCommand.DeploymentConfig(canary, linear, wait, []));

    [Fact]
    public void ModelDataUrl_LocalPathBecomesAbsoluteFileUrl_UrlsPassThrough()
    {
        Assert.Equal("file:///srv/models/a.tar.gz", ModelsCommand.ModelDataUrl("models/a.tar.gz", "/srv"));
        Assert.Equal("s3://bucket/key.tar.gz", ModelsCommand.ModelDataUrl("s3://bucket/key.tar.gz", "/srv"));
        Assert.Equal("https://example.com/m.tar.gz", ModelsCommand.ModelDataUrl("https://example.com/m.tar.gz", "/srv"));
    }
}
