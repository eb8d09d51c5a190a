using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.ControlPlane;

/// <summary>CreateModel refuses model data it can see is missing, as SageMaker does ("Could not find model data at …").</summary>
public sealed class ModelDataPreflightTests
{
    private static object Model(string name, string url) => new
    {
        ModelName = name,
        ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
        PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = url },
    };

    [Fact]
    public async Task Missing_file_and_s3_model_data_is_refused_existing_is_accepted()
    {
        var s3Root = Directory.CreateTempSubdirectory("turnout-s3-").FullName;
        Directory.CreateDirectory(Path.Combine(s3Root, "bucket"));
        File.Copy(RepoPaths.ChurnModel(1), Path.Combine(s3Root, "bucket", "model.tar.gz"));
        await using var server = await InProcessServer.StartAsync(s3Root: s3Root);

        var (status, body) = await server.SageMakerAsync("CreateModel", Model("m1", "file:///nonexistent/model.tar.gz"));
        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        Assert.StartsWith("Could not find model data at file:///nonexistent/model.tar.gz.", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await server.SageMakerAsync("CreateModel", Model("m2", "s3://bucket/missing.tar.gz"));
        Assert.Equal(400, status);
        Assert.StartsWith("Could not find model data at s3://bucket/missing.tar.gz.", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(Path.Combine(s3Root, "bucket", "missing.tar.gz"), body.GetProperty("message").GetString(), StringComparison.Ordinal);

        (status, body) = await server.SageMakerAsync("CreateModel", Model("m3", "/nonexistent/absolute.tar.gz"));
        Assert.Equal(400, status);
        Assert.Contains("Could not find model data", body.GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(200, (await server.SageMakerAsync("CreateModel", Model("m4", "s3://bucket/model.tar.gz"))).Status);
        Assert.Equal(200, (await server.SageMakerAsync("CreateModel", Model("m5", "file://" + RepoPaths.ChurnModel(2)))).Status);
        // Not checked without a download: https:// is fetched (and reported) at deployment.
        Assert.Equal(200, (await server.SageMakerAsync("CreateModel", Model("m6", "https://models.example/model.tar.gz"))).Status);
        // A refused model was not stored.
        Assert.Equal(400, (await server.SageMakerAsync("DescribeModel", new { ModelName = "m1" })).Status);
    }

    [Fact]
    public async Task S3_model_data_without_an_s3_root_is_left_to_the_deployment()
    {
        await using var server = await InProcessServer.StartAsync();
        Assert.Equal(200, (await server.SageMakerAsync("CreateModel", Model("m", "s3://bucket/model.tar.gz"))).Status);
    }
}
