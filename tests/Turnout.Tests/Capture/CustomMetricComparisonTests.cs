using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Analysis.Statistics;
using Turnout.Tests.Support;

namespace Turnout.Tests.Capture;

public sealed class CustomMetricComparisonTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(_server, "shop");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task PutConversionsAsync(string variant, int conversions, int misses)
    {
        var body = JsonSerializer.Serialize(new
        {
            Namespace = "MyShop",
            MetricData = new[]
            {
                new
                {
                    MetricName = "Conversion",
                    Dimensions = new[] { new { Name = "EndpointName", Value = "shop" }, new { Name = "VariantName", Value = variant } },
                    Values = new[] { 1.0, 0.0 },
                    Counts = new[] { (double)conversions, misses },
                    Unit = "Count",
                },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData");
        using var response = await _server.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MetricComparison_ConversionRates_ComparedWithIntervalsAndPValues()
    {
        await PutConversionsAsync("Variant1", 300, 700);
        await PutConversionsAsync("Variant2", 360, 640);
        using var response = await _server.Client.GetAsync("/api/endpoints/shop/metric-comparison?namespace=MyShop&metric=Conversion&baseline=Variant1");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        var result = JsonDocument.Parse(text).RootElement;
        var variants = result.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("variant").GetString()!);
        Assert.Equal(1000, variants["Variant1"].GetProperty("trials").GetInt64());
        Assert.Equal(0.30, variants["Variant1"].GetProperty("rate").GetDouble(), 12);
        Assert.Equal(0.36, variants["Variant2"].GetProperty("rate").GetDouble(), 12);
        var difference = Assert.Single(result.GetProperty("differences").EnumerateArray());
        Assert.Equal(0.06, difference.GetProperty("difference").GetDouble(), 12);
        var expected = Proportions.NewcombeDifference(360, 1000, 300, 1000);
        Assert.Equal(expected.Lower, difference.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(expected.Upper, difference.GetProperty("upper").GetDouble(), 12);
        Assert.Equal(Proportions.TwoProportionPValue(360, 1000, 300, 1000), difference.GetProperty("pValue").GetDouble(), 12);
        Assert.True(difference.GetProperty("alwaysValidPValue").GetDouble() >= difference.GetProperty("pValue").GetDouble());
    }

    [Fact]
    public async Task MetricComparison_NonRateValues_Refused()
    {
        var body = "{\"Namespace\":\"MyShop\",\"MetricData\":[{\"MetricName\":\"Revenue\",\"Dimensions\":[{\"Name\":\"EndpointName\",\"Value\":\"shop\"},{\"Name\":\"VariantName\",\"Value\":\"Variant1\"}],\"Value\":42.5}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData");
        (await _server.Client.SendAsync(request)).EnsureSuccessStatusCode();
        using var response = await _server.Client.GetAsync("/api/endpoints/shop/metric-comparison?namespace=MyShop&metric=Revenue");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("outside 0", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
