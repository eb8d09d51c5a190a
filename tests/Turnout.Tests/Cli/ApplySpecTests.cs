using Turnout.Cli;
using Turnout.Cli.Apply;

namespace Turnout.Tests.Cli;

public sealed class ApplySpecTests
{
    private const string Valid = """
        models:
          - name: churn-a
            modelData: model/a.tar.gz
          - name: churn-b
            modelData: s3://bucket/b.tar.gz
            image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3
        endpoint:
          name: churn-ab
          variants:
            - name: Variant1
              model: churn-a
              weight: 50
            - { name: Variant2, model: churn-b, weight: 50, instances: 2 }
          deployment:
            canary: 10%
            wait: 60s
        """;

    private static ApplySpec Parse(string yaml) => ApplySpecReader.Parse(yaml, "endpoint.yaml", "/srv/ab");

    private static string Error(string yaml) => Assert.Throws<UsageException>(() => Parse(yaml)).Message;

    [Fact]
    public void Valid_File_IsRead()
    {
        var spec = Parse(Valid);
        Assert.Equal(2, spec.Models.Count);
        Assert.Equal("file:///srv/ab/model/a.tar.gz", spec.Models[0].ModelDataUrl);
        Assert.Equal("turnout/xgboost", spec.Models[0].Image);
        Assert.Equal("s3://bucket/b.tar.gz", spec.Models[1].ModelDataUrl);
        Assert.Equal("churn-ab", spec.Endpoint.Name);
        Assert.Equal("ml.m5.xlarge", spec.Endpoint.InstanceType);
        Assert.Equal([new VariantDeclaration("Variant1", "churn-a", 50, 1), new VariantDeclaration("Variant2", "churn-b", 50, 2)], spec.Endpoint.Variants);
        Assert.Equal(new DeploymentSpec("10%", null, "60s"), spec.Endpoint.Deployment);
    }

    [Fact]
    public void ExampleInTheRepository_IsValid()
    {
        var path = Path.Combine(Turnout.Tests.Models.RepoPaths.Root, "examples", "churn-ab", "endpoint.yaml");
        var spec = ApplySpecReader.Read(path);
        Assert.Equal(["Variant1", "Variant2"], spec.Endpoint.Variants.Select(v => v.Name));
        Assert.All(spec.Models, m => Assert.True(File.Exists(new Uri(m.ModelDataUrl).LocalPath), m.ModelDataUrl));
    }

    [Fact]
    public void MisspeltKey_IsAnErrorWithLineAndColumn()
    {
        var message = Error(Valid.Replace("      weight: 50", "      wieght: 50", StringComparison.Ordinal));
        Assert.StartsWith("endpoint.yaml:12:7: unknown key 'wieght' in endpoint.variants[0]", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingField_NamesTheMappingsLine()
    {
        var message = Error("""
            endpoint:
              name: e
              variants:
                - name: V1
                  weight: 1
            """);
        Assert.StartsWith("endpoint.yaml:4:7: endpoint.variants[0] is missing 'model'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongType_IsNamed()
    {
        Assert.StartsWith("endpoint.yaml:4:27: endpoint.variants[0].weight must be a number", Error("""
            endpoint:
              name: e
              variants:
                - { name: V1, weight: lots, model: m }
            """), StringComparison.Ordinal);
        Assert.StartsWith("endpoint.yaml:3:13: endpoint.variants must be a list", Error("""
            endpoint:
              name: e
              variants: V1
            """), StringComparison.Ordinal);
    }

    [Fact]
    public void SyntaxError_HasALine()
    {
        var message = Error("endpoint:\n  name: [unclosed\n");
        Assert.Matches(@"^endpoint\.yaml:\d+:\d+: not valid YAML", message);
    }

    [Theory]
    [InlineData("endpoint:\n  name: bad_name\n  variants:\n    - { name: V1, model: m }\n", "endpoint.yaml:2:9: endpoint.name 'bad_name'")]
    [InlineData("models: []\n", "endpoint.yaml:1:1: the top level is missing 'endpoint'")]
    [InlineData("endpoint:\n  name: e\n  variants:\n    - { name: V1, model: m }\n    - { name: V1, model: m }\n", "endpoint.yaml:4:5: variant 'V1' is declared twice")]
    [InlineData("endpoint:\n  name: e\n  variants:\n    - { name: V1, model: m, weight: 0 }\n", "at least one variant needs a weight above 0")]
    [InlineData("endpoint:\n  name: e\n  variants:\n    - { name: V1, model: m }\n  deployment: { canary: 80% }\n", "endpoint.yaml:5:15: endpoint.deployment: canary '80%'")]
    [InlineData("endpoint:\n  name: e\n  variants:\n    - { name: V1, model: m, instances: 0 }\n", "instances must be a whole number of 1 or more")]
    public void SchemaErrors(string yaml, string expected) =>
        Assert.Contains(expected, Error(yaml), StringComparison.Ordinal);
}
