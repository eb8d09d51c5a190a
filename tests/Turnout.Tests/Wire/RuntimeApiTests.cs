using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.Wire;

public sealed class RuntimeApiTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpResponseMessage> InvokeAsync(string endpoint, string body, string? target = null, string? contentType = "text/csv", IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (target is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Target-Variant", target);
        }

        foreach (var (key, value) in headers ?? [])
        {
            request.Headers.Add(key, value);
        }

        return await _server.Client.SendAsync(request);
    }

    private static string Variant(HttpResponseMessage response) => response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single();

    [Fact]
    public async Task Invoke_TargetVariant_PredictsWhatLibxgboostPredicts()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        var expected1 = FixtureCsv.Read(Path.Combine(RepoPaths.XGBoostFixtures, "churn-ab", "expected-model1.csv"));
        var expected2 = FixtureCsv.Read(Path.Combine(RepoPaths.XGBoostFixtures, "churn-ab", "expected-model2.csv"));
        for (var i = 0; i < 20; i++)
        {
            foreach (var (target, expected) in new[] { ("Variant1", expected1), ("Variant2", expected2) })
            {
                using var response = await InvokeAsync("churn", ChurnEndpoint.Rows[i], target);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(target, Variant(response));
                Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
                var value = float.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected.Values[i * expected.Columns], value);
            }
        }
    }

    [Fact]
    public async Task Invoke_ManyRows_CommaJoinedFor090Images()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var response = await InvokeAsync("churn", string.Join('\n', ChurnEndpoint.Rows[..5]) + "\n", "Variant1");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(5, body.Split(',').Length);
        Assert.False(body.EndsWith('\n'));
    }

    [Fact]
    public async Task Invoke_ManyRows_OneLinePerRowFor17Images()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn", image: "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1");
        using var response = await InvokeAsync("churn", string.Join('\n', ChurnEndpoint.Rows[..3]), "Variant2");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(3, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_CustomAttributes_PassedThrough()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var response = await InvokeAsync("churn", ChurnEndpoint.Rows[0], headers: [new("X-Amzn-SageMaker-Custom-Attributes", "trace=abc"), new("X-Amzn-SageMaker-Inference-Id", "inf-1")]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("trace=abc", response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes").Single());
    }

    [Fact]
    public async Task Invoke_UnknownEndpointOrVariant_ValidationError()
    {
        using var missing = await InvokeAsync("nope", "1");
        await AssertErrorAsync(missing, 400, "ValidationError", "Endpoint nope of account 000000000000 not found.");
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var badTarget = await InvokeAsync("churn", ChurnEndpoint.Rows[0], "Variant9");
        await AssertErrorAsync(badTarget, 400, "ValidationError", "Variant9");
    }

    [Fact]
    public async Task Invoke_WrongFeatureCountOrText_ModelErrorWithOriginalStatus()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var wrongCount = await InvokeAsync("churn", "1,2,3");
        var body = await AssertErrorAsync(wrongCount, 424, "ModelError", "Feature size of csv inference data 3");
        Assert.Equal(400, body.GetProperty("OriginalStatusCode").GetInt32());
        Assert.Contains("trained model 69", body.GetProperty("OriginalMessage").GetString(), StringComparison.Ordinal);

        using var text = await InvokeAsync("churn", string.Join(',', Enumerable.Repeat("x", 69)));
        Assert.Equal(415, (await AssertErrorAsync(text, 424, "ModelError", "not a number")).GetProperty("OriginalStatusCode").GetInt32());

        using var json = await InvokeAsync("churn", "{}", contentType: "application/x-image");
        Assert.Equal(415, (await AssertErrorAsync(json, 424, "ModelError", "application/x-image")).GetProperty("OriginalStatusCode").GetInt32());
    }

    [Fact]
    public async Task Invoke_PayloadOver6MB_ValidationError()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var response = await InvokeAsync("churn", new string('1', 6_291_457));
        await AssertErrorAsync(response, 400, "ValidationError", "limit is 6291456 bytes");
    }

    [Fact]
    public async Task UpdateWeights_ZeroWeightVariant_GetsNoWeightedTraffic()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        var update = await _server.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
        {
            EndpointName = "churn",
            DesiredWeightsAndCapacities = new object[] { new { VariantName = "Variant1", DesiredWeight = 0f }, new { VariantName = "Variant2", DesiredWeight = 1f } },
        });
        Assert.Equal(200, update.Status);
        Assert.Equal("InService", await ChurnEndpoint.WaitForStatusAsync(_server, "churn", "Updating"));
        for (var i = 0; i < 50; i++)
        {
            using var response = await InvokeAsync("churn", ChurnEndpoint.Rows[i]);
            Assert.Equal("Variant2", Variant(response));
        }

        // TargetVariant still reaches the zero-weight variant.
        using var targeted = await InvokeAsync("churn", ChurnEndpoint.Rows[0], "Variant1");
        Assert.Equal("Variant1", Variant(targeted));
        var described = (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" })).Body;
        var weights = described.GetProperty("ProductionVariants").EnumerateArray().ToDictionary(v => v.GetProperty("VariantName").GetString()!, v => v.GetProperty("CurrentWeight").GetDouble());
        Assert.Equal(0, weights["Variant1"]);
        Assert.Equal(1, weights["Variant2"]);
    }

    [Fact]
    public async Task UpdateCapacity_UnderConcurrentLoad_FailsNoRequest()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var served = 0;
        var load = Enumerable.Range(0, 4).Select(async worker =>
        {
            var i = worker;
            while (!stop.IsCancellationRequested)
            {
                using var response = await InvokeAsync("churn", ChurnEndpoint.Rows[i++ % ChurnEndpoint.Rows.Length]);
                Interlocked.Increment(ref served);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();

        foreach (var count in new[] { 3, 1, 4, 2 })
        {
            var update = await _server.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
            {
                EndpointName = "churn",
                DesiredWeightsAndCapacities = new object[] { new { VariantName = "Variant1", DesiredInstanceCount = count }, new { VariantName = "Variant2", DesiredInstanceCount = count, DesiredWeight = 2f } },
            });
            Assert.Equal(200, update.Status);
            Assert.Equal("InService", await ChurnEndpoint.WaitForStatusAsync(_server, "churn", "Updating"));
            var variant = (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" })).Body.GetProperty("ProductionVariants")[0];
            Assert.Equal(count, variant.GetProperty("CurrentInstanceCount").GetInt32());
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.True(served > 0);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task UpdateWeights_Refusals()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        async Task Refused(object changes, string message)
        {
            var (status, body) = await _server.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new { EndpointName = "churn", DesiredWeightsAndCapacities = changes });
            Assert.Equal(400, status);
            Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
            Assert.Contains(message, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await Refused(new object[] { new { VariantName = "Nope", DesiredWeight = 1f } }, "not present");
        await Refused(new object[] { new { VariantName = "Variant1", DesiredWeight = -1f } }, "greater than or equal to 0");
        await Refused(new object[] { new { VariantName = "Variant1", DesiredWeight = 0f }, new { VariantName = "Variant2", DesiredWeight = 0f } }, "weight greater than 0");
        await Refused(new object[] { new { VariantName = "Variant1", DesiredInstanceCount = 0 } }, "greater than or equal to 1");
        await Refused(Array.Empty<object>(), "greater than or equal to 1");
    }

    [Fact]
    public async Task CreateEndpoint_UnloadableModel_FailsWithActionableReason()
    {
        // CreateModel refuses missing model data, so "gone" is model data that exists and holds no model.
        var empty = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "empty-model")).FullName;
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "gone",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + empty },
        });
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "torch",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.0-cpu", ModelDataUrl = "file://" + RepoPaths.ChurnModel(1) },
        });
        foreach (var (model, reason) in new[] { ("gone", empty), ("torch", "pytorch-inference") })
        {
            await _server.SageMakerAsync("CreateEndpointConfig", new
            {
                EndpointConfigName = model,
                ProductionVariants = new[] { new { VariantName = "V", ModelName = model, InstanceType = "ml.m5.large", InitialInstanceCount = 1 } },
            });
            await _server.SageMakerAsync("CreateEndpoint", new { EndpointName = model, EndpointConfigName = model });
            Assert.Equal("Failed", await ChurnEndpoint.WaitForStatusAsync(_server, model, "Creating"));
            var described = (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = model })).Body;
            Assert.Contains(reason, described.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
            Assert.Contains("Variant \"V\"", described.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
            using var invoke = await InvokeAsync(model, "1");
            Assert.Equal(HttpStatusCode.BadRequest, invoke.StatusCode);
            Assert.Equal(200, (await _server.SageMakerAsync("DeleteEndpoint", new { EndpointName = model })).Status);
        }
    }

    [Fact]
    public async Task DeleteEndpoint_InService_StopsServingAndForgets()
    {
        await ChurnEndpoint.CreateAsync(_server, "churn");
        Assert.Equal(200, (await _server.SageMakerAsync("DeleteEndpoint", new { EndpointName = "churn" })).Status);
        using var response = await InvokeAsync("churn", ChurnEndpoint.Rows[0]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var (status, body) = await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" });
        Assert.Equal(400, status);
        Assert.Contains("Could not find endpoint", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangesWhileCreating_RefusedAsInProgress()
    {
        // An artifact server that accepts the connection and never answers holds the endpoint in Creating.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "slow",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = $"https://127.0.0.1:{port}/model.tar.gz" },
        });
        await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "slow",
            ProductionVariants = new[] { new { VariantName = "V", ModelName = "slow", InstanceType = "ml.m5.large", InitialInstanceCount = 1 } },
        });
        await _server.SageMakerAsync("CreateEndpoint", new { EndpointName = "slow", EndpointConfigName = "slow" });
        using var accepted = await listener.AcceptSocketAsync();

        var delete = await _server.SageMakerAsync("DeleteEndpoint", new { EndpointName = "slow" });
        Assert.Equal(400, delete.Status);
        Assert.Contains("Cannot update in-progress endpoint \"arn:aws:sagemaker:us-east-1:000000000000:endpoint/slow\".", delete.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        var update = await _server.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new { EndpointName = "slow", DesiredWeightsAndCapacities = new[] { new { VariantName = "V", DesiredWeight = 2f } } });
        Assert.Contains("Cannot update in-progress endpoint", update.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("Creating", (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "slow" })).Body.GetProperty("EndpointStatus").GetString());

        // Dropping the connection fails the download, and the endpoint says so.
        accepted.Close();
        listener.Stop();
        Assert.Equal("Failed", await ChurnEndpoint.WaitForStatusAsync(_server, "slow", "Creating"));
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string code, string contains)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, body.GetProperty("__type").GetString());
        Assert.Contains(contains, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        return body.Clone();
    }
}
