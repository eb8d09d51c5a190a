using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.Capture;

public sealed class GroundTruthReportTests : IAsyncLifetime
{
    private readonly string _destination = Path.Combine(Path.GetTempPath(), "turnout-gt-" + Guid.NewGuid().ToString("N"));
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        for (var v = 1; v <= 2; v++)
        {
            await _server.SageMakerAsync("CreateModel", new
            {
                ModelName = $"m{v}",
                ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
                PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + RepoPaths.ChurnModel(v) },
            });
        }

        var (status, body) = await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "ab",
            ProductionVariants = new[]
            {
                new { VariantName = "Variant1", ModelName = "m1", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = 1f },
                new { VariantName = "Variant2", ModelName = "m2", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = 1f },
            },
            DataCaptureConfig = new
            {
                InitialSamplingPercentage = 100,
                DestinationS3Uri = "file://" + _destination,
                CaptureOptions = new[] { new { CaptureMode = "Input" }, new { CaptureMode = "Output" } },
            },
        });
        Assert.True(status == 200, body.ToString());
        await _server.SageMakerAsync("CreateEndpoint", new { EndpointName = "ab", EndpointConfigName = "ab" });
        Assert.Equal("InService", await ChurnEndpoint.WaitForStatusAsync(_server, "ab", "Creating"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_destination)) Directory.Delete(_destination, recursive: true);
    }

    [Fact]
    public async Task Report_JoinsCapturesWithGroundTruth_MatchesMetricsOfTheSameRows()
    {
        var labels = File.ReadAllLines(RepoPaths.ChurnTestData).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).ToArray();
        var served = new Dictionary<string, List<(double Score, int Label)>>();
        for (var i = 0; i < 120; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/ab/invocations") { Content = new StringContent(ChurnEndpoint.Rows[i], Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            request.Headers.Add("X-Amzn-SageMaker-Inference-Id", $"row-{i}");
            using var response = await _server.Client.SendAsync(request);
            var variant = response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single();
            var score = double.Parse(await response.Content.ReadAsStringAsync(), System.Globalization.CultureInfo.InvariantCulture);
            (served.TryGetValue(variant, out var list) ? list : served[variant] = []).Add((score, int.Parse(labels[i], System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Ground truth keyed by the InferenceId the caller sent, in Model Monitor's record format, plus two bad lines.
        var upload = new StringBuilder();
        for (var i = 0; i < 120; i++)
        {
            upload.Append("{\"groundTruthData\":{\"data\":\"").Append(labels[i]).Append("\",\"encoding\":\"CSV\"},\"eventMetadata\":{\"eventId\":\"row-").Append(i).Append("\"},\"eventVersion\":\"0\"}\n");
        }

        upload.Append("{\"groundTruthData\":{\"data\":\"yes\"},\"eventMetadata\":{\"eventId\":\"x\"}}\nnot json\n");
        using var posted = await _server.Client.PostAsync("/api/endpoints/ab/ground-truth", new StringContent(upload.ToString(), Encoding.UTF8, "application/jsonlines"));
        var result = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(120, result.GetProperty("accepted").GetInt32());
        Assert.Equal([121, 122], result.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToArray());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement report;
        while (true)
        {
            using var response = await _server.Client.GetAsync("/api/endpoints/ab/report?baseline=Variant1");
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode && text.Contains("has no observations", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // the capture writer gathers records for up to CaptureQueue.CoalesceWindow before writing them
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, text);
            report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var counted = report.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("count").GetInt32());
            if (counted == 120 || DateTime.UtcNow > deadline) break;
            await Task.Delay(20);
        }

        // The CLI's `turnout report` table renders the same JSON.
        using var table = new StringWriter();
        Turnout.Cli.ReportCommand.WriteTable(table, report.GetRawText());
        Assert.Contains("Variant1", table.ToString(), StringComparison.Ordinal);
        Assert.Contains("roc_auc", table.ToString(), StringComparison.Ordinal);

        foreach (var variant in report.GetProperty("variants").EnumerateArray())
        {
            var name = variant.GetProperty("name").GetString()!;
            var rows = served[name];
            Assert.Equal(rows.Count, variant.GetProperty("count").GetInt32());
            var correct = rows.Count(r => (r.Score > 0.5 ? 1 : 0) == r.Label);
            Assert.Equal((double)correct / rows.Count, variant.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 12);
        }
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("6h", 6 * 3600)]
    [InlineData("2d", 2 * 86400)]
    public void ReportSince_ParsesDurations(string text, int seconds)
    {
        Assert.True(Turnout.Cli.ReportCommand.TryDuration(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds);
        Assert.False(Turnout.Cli.ReportCommand.TryDuration("6x", out _));
    }

    [Fact]
    public async Task Report_EndpointWithoutCapture_ExplainsWhatToDo()
    {
        await ChurnEndpoint.CreateAsync(_server, "plain");
        using var response = await _server.Client.GetAsync("/api/endpoints/plain/report");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("DataCaptureConfig", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await _server.Client.PostAsync("/api/endpoints/nope/ground-truth", new StringContent("{}"));
        Assert.Equal(400, (int)missing.StatusCode);
    }
}
