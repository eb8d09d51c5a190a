using Turnout.Tests.Models;

namespace Turnout.Tests.Support;

/// <summary>Deploys the AWS notebook's two churn models as Variant1/Variant2 on an in-process server.</summary>
internal static class ChurnEndpoint
{
    public const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3";

    public static string[] Rows { get; } = File.ReadAllLines(RepoPaths.ChurnTestData).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]).ToArray();

    public static async Task CreateAsync(InProcessServer server, string name, float weight1 = 1, float weight2 = 1, int instances = 1, string image = Image, string instanceType1 = "ml.m5.xlarge", string instanceType2 = "ml.m5.xlarge")
    {
        for (var v = 1; v <= 2; v++)
        {
            var (status, _) = await server.SageMakerAsync("CreateModel", new
            {
                ModelName = $"{name}-m{v}",
                ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
                PrimaryContainer = new { Image = image, ModelDataUrl = "file://" + RepoPaths.ChurnModel(v) },
            });
            Assert.Equal(200, status);
        }

        var config = await server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = name,
            ProductionVariants = new[]
            {
                new { VariantName = "Variant1", ModelName = $"{name}-m1", InstanceType = instanceType1, InitialInstanceCount = instances, InitialVariantWeight = weight1 },
                new { VariantName = "Variant2", ModelName = $"{name}-m2", InstanceType = instanceType2, InitialInstanceCount = instances, InitialVariantWeight = weight2 },
            },
        });
        Assert.Equal(200, config.Status);
        Assert.Equal(200, (await server.SageMakerAsync("CreateEndpoint", new { EndpointName = name, EndpointConfigName = name })).Status);
        Assert.Equal("InService", await WaitForStatusAsync(server, name, "Creating"));
    }

    /// <summary>Polls DescribeEndpoint until the status leaves <paramref name="transient"/>; bounded by a deadline.</summary>
    public static async Task<string> WaitForStatusAsync(InProcessServer server, string name, string transient)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (_, body) = await server.SageMakerAsync("DescribeEndpoint", new { EndpointName = name });
            var status = body.GetProperty("EndpointStatus").GetString()!;
            if (status != transient || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(20);
        }
    }
}
