using System.Text.Json;
using Turnout.Tests.Support;

namespace Turnout.Tests.ControlPlane;

public sealed class ControlPlaneApiTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/Turnout";
    private const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3";
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<(int Status, JsonElement Body)> Call(string op, object input) => _server.SageMakerAsync(op, input);

    private static object Model(string name) => new
    {
        ModelName = name,
        ExecutionRoleArn = Role,
        PrimaryContainer = new { Image, ModelDataUrl = "s3://bucket/model.tar.gz" },
    };

    private static object Variant(string name, string model, float weight = 1, int count = 1) => new
    {
        VariantName = name,
        ModelName = model,
        InstanceType = "ml.m5.xlarge",
        InitialInstanceCount = count,
        InitialVariantWeight = weight,
    };

    private static void AssertValidation((int Status, JsonElement Body) result, string contains)
    {
        Assert.Equal(400, result.Status);
        Assert.Equal("ValidationException", result.Body.GetProperty("__type").GetString());
        Assert.Contains(contains, result.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_ThenDescribe_EchoesDefinitionWithLowercasedArn()
    {
        var created = await Call("CreateModel", Model("Churn-A"));
        Assert.Equal(200, created.Status);
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:model/churn-a", created.Body.GetProperty("ModelArn").GetString());

        var described = await Call("DescribeModel", new { ModelName = "Churn-A" });
        Assert.Equal(200, described.Status);
        Assert.Equal(Image, described.Body.GetProperty("PrimaryContainer").GetProperty("Image").GetString());
        Assert.Equal(Role, described.Body.GetProperty("ExecutionRoleArn").GetString());
        Assert.Equal(JsonValueKind.Number, described.Body.GetProperty("CreationTime").ValueKind);
    }

    [Fact]
    public async Task CreateModel_Twice_CannotCreateAlreadyExisting()
    {
        await Call("CreateModel", Model("m1"));
        AssertValidation(await Call("CreateModel", Model("m1")), "Cannot create already existing model \"arn:aws:sagemaker:us-east-1:000000000000:model/m1\".");
    }

    [Fact]
    public async Task Describe_Missing_CouldNotFind()
    {
        AssertValidation(await Call("DescribeModel", new { ModelName = "nope" }), "Could not find model \"arn:aws:sagemaker:us-east-1:000000000000:model/nope\".");
        AssertValidation(await Call("DescribeEndpointConfig", new { EndpointConfigName = "nope" }), "Could not find endpoint configuration \"");
        AssertValidation(await Call("DescribeEndpoint", new { EndpointName = "nope" }), "Could not find endpoint \"");
        AssertValidation(await Call("DeleteEndpoint", new { EndpointName = "nope" }), "Could not find endpoint \"");
    }

    [Theory]
    [InlineData("bad_name", "regular expression pattern")]
    [InlineData("-leading", "regular expression pattern")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123", "length less than or equal to 63")]
    public async Task CreateModel_BadName_Refused(string name, string message) =>
        AssertValidation(await Call("CreateModel", Model(name)), message);

    [Fact]
    public async Task CreateModel_MissingName_MemberMustNotBeNull() =>
        AssertValidation(await Call("CreateModel", new { PrimaryContainer = new { Image } }), "Value null at 'modelName'");

    [Fact]
    public async Task CreateModel_BadRole_Refused() =>
        AssertValidation(await Call("CreateModel", new { ModelName = "m", ExecutionRoleArn = "arn:aws:iam::12:role/x-but-long-enough", PrimaryContainer = new { Image } }), "regular expression pattern");

    [Fact]
    public async Task CreateEndpointConfig_Constraints_Refused()
    {
        await Call("CreateModel", Model("m"));
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = Array.Empty<object>() }), "length greater than or equal to 1");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = Enumerable.Range(0, 11).Select(i => Variant($"V{i}", "m")).ToArray() }), "less than or equal to 10");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "m"), Variant("V", "m") } }), "unique");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "m", weight: -1) } }), "greater than or equal to 0");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "m", count: 0) } }), "greater than or equal to 1");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "m", weight: 0) } }), "weight greater than 0");
        AssertValidation(await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "missing") } }), "Could not find model");
        var described = await Call("DescribeEndpointConfig", new { EndpointConfigName = "c" });
        Assert.Equal(400, described.Status);
    }

    [Fact]
    public async Task CreateEndpointConfig_DefaultWeightIsOne()
    {
        await Call("CreateModel", Model("m"));
        var created = await Call("CreateEndpointConfig", new
        {
            EndpointConfigName = "c",
            ProductionVariants = new[] { new { VariantName = "V", ModelName = "m", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 2 } },
        });
        Assert.Equal(200, created.Status);
        var variant = (await Call("DescribeEndpointConfig", new { EndpointConfigName = "c" })).Body.GetProperty("ProductionVariants")[0];
        Assert.Equal(1.0, variant.GetProperty("InitialVariantWeight").GetDouble());
        Assert.Equal(2, variant.GetProperty("InitialInstanceCount").GetInt32());
    }

    [Fact]
    public async Task ListModels_PaginatesWithNextToken()
    {
        for (var i = 0; i < 5; i++)
        {
            await Call("CreateModel", Model($"m{i}"));
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Call("ListModels", token is null
                ? new { MaxResults = 2, SortBy = "Name", SortOrder = "Ascending" }
                : (object)new { MaxResults = 2, SortBy = "Name", SortOrder = "Ascending", NextToken = token });
            Assert.Equal(200, page.Status);
            names.AddRange(page.Body.GetProperty("Models").EnumerateArray().Select(m => m.GetProperty("ModelName").GetString()!));
            token = page.Body.TryGetProperty("NextToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], names);
        AssertValidation(await Call("ListModels", new { NextToken = "garbage" }), "Invalid pagination token");
        var filtered = await Call("ListModels", new { NameContains = "3" });
        Assert.Equal("m3", Assert.Single(filtered.Body.GetProperty("Models").EnumerateArray()).GetProperty("ModelName").GetString());
    }

    [Fact]
    public async Task DeleteModel_RemovesIt()
    {
        await Call("CreateModel", Model("m"));
        Assert.Equal(200, (await Call("DeleteModel", new { ModelName = "m" })).Status);
        AssertValidation(await Call("DeleteModel", new { ModelName = "m" }), "Could not find model");
    }

    [Fact]
    public async Task UnknownOperation_UnknownOperationException()
    {
        var result = await Call("CreateTrainingJob", new { });
        Assert.Equal(400, result.Status);
        Assert.Equal("UnknownOperationException", result.Body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task MalformedJson_SerializationException()
    {
        var result = await Call("CreateModel", "{\"ModelName\": 5}");
        Assert.Equal(400, result.Status);
        Assert.Equal("SerializationException", result.Body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task CreateEndpointConfig_WeightNotANumber_SerializationException()
    {
        await Call("CreateModel", Model("m"));
        var result = await Call("CreateEndpointConfig", "{\"EndpointConfigName\":\"c\",\"ProductionVariants\":[{\"VariantName\":\"V\",\"ModelName\":\"m\",\"InstanceType\":\"ml.m5.large\",\"InitialInstanceCount\":1,\"InitialVariantWeight\":\"heavy\"}]}");
        Assert.Equal(400, result.Status);
        Assert.Equal("SerializationException", result.Body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task DescribeEndpointConfig_WeightsAreJsonFloats()
    {
        await Call("CreateModel", Model("m"));
        await Call("CreateEndpointConfig", new { EndpointConfigName = "c", ProductionVariants = new[] { Variant("V", "m", weight: 2) } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "SageMaker.DescribeEndpointConfig");
        request.Content = new StringContent("{\"EndpointConfigName\":\"c\"}");
        var text = await (await _server.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("\"InitialVariantWeight\":2.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateEndpoint_MissingConfig_CouldNotFind()
    {
        AssertValidation(await Call("CreateEndpoint", new { EndpointName = "e", EndpointConfigName = "none" }), "Could not find endpoint configuration");
        AssertValidation(await Call("DescribeEndpoint", new { EndpointName = "e" }), "Could not find endpoint");
    }
}
