using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.Capture;

public sealed class DataCaptureTests : IAsyncLifetime
{
    private readonly string _destination = Path.Combine(Path.GetTempPath(), "turnout-capture-" + Guid.NewGuid().ToString("N"));
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_destination)) Directory.Delete(_destination, recursive: true);
    }

    private async Task DeployAsync(int samplingPercentage, string[] modes, string? destination = null, string expectedStatus = "InService")
    {
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "m",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + RepoPaths.ChurnModel(1) },
        });
        var (status, body) = await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "cap",
            ProductionVariants = new[] { new { VariantName = "Variant1", ModelName = "m", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1 } },
            DataCaptureConfig = new
            {
                EnableCapture = true,
                InitialSamplingPercentage = samplingPercentage,
                DestinationS3Uri = destination ?? "file://" + _destination,
                CaptureOptions = modes.Select(m => new { CaptureMode = m }).ToArray(),
            },
        });
        Assert.True(status == 200, body.ToString());
        await _server.SageMakerAsync("CreateEndpoint", new { EndpointName = "cap", EndpointConfigName = "cap" });
        Assert.Equal(expectedStatus, await ChurnEndpoint.WaitForStatusAsync(_server, "cap", "Creating"));
    }

    private async Task<string> InvokeAsync(string row, string inferenceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/cap/invocations") { Content = new StringContent(row, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Add("X-Amzn-SageMaker-Inference-Id", inferenceId);
        using var response = await _server.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private List<JsonElement> ReadCaptures(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var lines = Directory.Exists(_destination)
                ? Directory.GetFiles(_destination, "*.jsonl", SearchOption.AllDirectories).SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList()
                : [];
            if (lines.Count >= expected || DateTime.UtcNow > deadline)
            {
                return [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
            }

            Thread.Sleep(20);
        }
    }

    [Fact]
    public async Task FullSampling_WritesSageMakerCaptureRecordsInItsLayout()
    {
        await DeployAsync(100, ["Input", "Output"]);
        var answers = new Dictionary<string, (string Row, string Answer)>();
        for (var i = 0; i < 20; i++)
        {
            answers[$"inf-{i}"] = (ChurnEndpoint.Rows[i], await InvokeAsync(ChurnEndpoint.Rows[i], $"inf-{i}"));
        }

        var captures = ReadCaptures(20);
        Assert.Equal(20, captures.Count);
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var capture in captures)
        {
            var id = capture.GetProperty("eventMetadata").GetProperty("inferenceId").GetString()!;
            var input = capture.GetProperty("captureData").GetProperty("endpointInput");
            var output = capture.GetProperty("captureData").GetProperty("endpointOutput");
            Assert.Equal(answers[id].Row, input.GetProperty("data").GetString());
            Assert.Equal("CSV", input.GetProperty("encoding").GetString());
            Assert.Equal("INPUT", input.GetProperty("mode").GetString());
            Assert.StartsWith("text/csv", input.GetProperty("observedContentType").GetString(), StringComparison.Ordinal);
            Assert.Equal(answers[id].Answer, output.GetProperty("data").GetString());
            Assert.Equal("OUTPUT", output.GetProperty("mode").GetString());
            var eventId = capture.GetProperty("eventMetadata").GetProperty("eventId").GetString()!;
            Assert.True(Guid.TryParseExact(eventId, "D", out var parsed) && parsed.Version == 4 && parsed.Variant >= 8 && parsed.Variant < 12, eventId);
            Assert.True(eventIds.Add(eventId), "duplicate eventId " + eventId);
            var inferenceTime = capture.GetProperty("eventMetadata").GetProperty("inferenceTime").GetString()!;
            Assert.True(DateTime.TryParseExact(inferenceTime, "yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
                && Math.Abs((DateTime.UtcNow - at).TotalMinutes) < 10, inferenceTime);
            Assert.Equal("0", capture.GetProperty("eventVersion").GetString());
        }

        var file = Directory.GetFiles(_destination, "*.jsonl", SearchOption.AllDirectories).First();
        var relative = Path.GetRelativePath(_destination, file).Split(Path.DirectorySeparatorChar);
        var now = DateTime.UtcNow;
        Assert.Equal("cap", relative[0]);
        Assert.Equal("Variant1", relative[1]);
        Assert.Equal(now.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), relative[2]);
        Assert.Equal(7, relative.Length);

        var scrape = await _server.Client.GetStringAsync("/metrics");
        Assert.Contains("turnout_capture_records_total{outcome=\"written\"} 20", scrape, StringComparison.Ordinal);
        Assert.Contains("turnout_capture_records_total{outcome=\"dropped\"} 0", scrape, StringComparison.Ordinal);

        var summary = (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "cap" })).Body.GetProperty("DataCaptureConfig");
        Assert.Equal("Started", summary.GetProperty("CaptureStatus").GetString());
        Assert.Equal(100, summary.GetProperty("CurrentSamplingPercentage").GetInt32());
    }

    [Fact]
    public async Task UnwritableDestination_DropsCapturesNotRequests()
    {
        // A file where the endpoint's capture folder should be: every write fails, as on a full disk.
        Directory.CreateDirectory(_destination);
        await File.WriteAllTextAsync(Path.Combine(_destination, "cap"), "in the way");
        await DeployAsync(100, ["Input", "Output"]);
        for (var i = 0; i < 10; i++)
        {
            await InvokeAsync(ChurnEndpoint.Rows[i], $"d{i}");
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string scrape;
        do
        {
            scrape = await _server.Client.GetStringAsync("/metrics");
        }
        while (!scrape.Contains("turnout_capture_write_failures_total 10", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Task.Delay(20).ContinueWith(_ => true));
        Assert.Contains("turnout_capture_write_failures_total 10", scrape, StringComparison.Ordinal);
        Assert.Contains("turnout_capture_records_total{outcome=\"dropped\"} 10", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputOnly_OmitsOutput()
    {
        await DeployAsync(100, ["Input"]);
        await InvokeAsync(ChurnEndpoint.Rows[0], "only");
        var capture = Assert.Single(ReadCaptures(1));
        Assert.False(capture.GetProperty("captureData").TryGetProperty("endpointOutput", out _));
    }

    [Fact]
    public async Task ZeroSampling_CapturesNothing()
    {
        await DeployAsync(0, ["Input", "Output"]);
        for (var i = 0; i < 10; i++) await InvokeAsync(ChurnEndpoint.Rows[i], $"z{i}");
        Assert.False(Directory.Exists(_destination) && Directory.GetFiles(_destination, "*.jsonl", SearchOption.AllDirectories).Length > 0);
    }

    [Theory]
    [InlineData(101, "Input", "less than or equal to 100")]
    [InlineData(50, "Everything", "enum value set")]
    public async Task InvalidCaptureConfig_Refused(int percentage, string mode, string message)
    {
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "m",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + RepoPaths.ChurnModel(1) },
        });
        var (status, body) = await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "bad",
            ProductionVariants = new[] { new { VariantName = "V", ModelName = "m", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1 } },
            DataCaptureConfig = new { InitialSamplingPercentage = percentage, DestinationS3Uri = "s3://b/p", CaptureOptions = new[] { new { CaptureMode = mode } } },
        });
        Assert.Equal(400, status);
        Assert.Contains(message, body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3DestinationWithoutS3Root_FailsEndpointWithAdvice()
    {
        await DeployAsync(10, ["Input"], destination: "s3://bucket/capture", expectedStatus: "Failed");
        var reason = (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "cap" })).Body.GetProperty("FailureReason").GetString();
        Assert.Contains("--s3-root", reason, StringComparison.Ordinal);
    }
}
