using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>Error answers exactly as botocore parses them (wire spec §3), checked on raw HTTP.</summary>
public sealed class ErrorShapeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task InvokeEndpoint_UnknownEndpoint_Returns400ValidationError()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);

        var response = await sm.InvokeAsync("no-such-endpoint", NotebookData.Rows[^1].Features);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("ValidationError", ErrorTypeHeader(response));
        Assert.Contains("no-such-endpoint", Message(response.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeEndpoint_WrongFeatureCount_Returns424ModelErrorWithOriginalStatusCode()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);
        await NotebookDeployment.CreateAsync(sm, "errors-ab", (1, 1), (1, 1));

        // The models take 69 features; the SageMaker XGBoost container answers 400 for 3, which SageMaker wraps in 424.
        var response = await sm.InvokeAsync("errors-ab", "1,2,3", targetVariant: "Variant1");

        Assert.True(response.Status == HttpStatusCode.FailedDependency, response.ToString());
        Assert.Equal("ModelError", ErrorTypeHeader(response));
        var body = response.Json;
        Assert.Equal(400, (int?)body["OriginalStatusCode"]);
        Assert.Contains("client error (400)", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlPlane_UnknownTarget_Returns400UnknownOperationException()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);

        var response = await sm.ControlAsync("FlyToTheMoon", new JsonObject());

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("UnknownOperationException", JsonErrorCode(response));
    }

    [Fact]
    public async Task CreateEndpoint_MissingRequiredMember_Returns400ValidationException()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);

        var response = await sm.ControlAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = "missing-config-name" });

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("ValidationException", JsonErrorCode(response));
        // AWS names the member camelCased ("Value null at 'endpointConfigName' …").
        Assert.Contains("endpointConfigName", Message(response.Json), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DescribeEndpoint_Missing_Returns400ValidationExceptionCouldNotFind()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);

        var response = await sm.ControlAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = "never-created" });

        // The endpoint_in_service/endpoint_deleted waiters and the SageMaker SDK key on exactly this.
        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("ValidationException", JsonErrorCode(response));
        Assert.StartsWith("Could not find endpoint", Message(response.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudWatchQuery_MissingNamespace_ReturnsXmlErrorResponse()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var http = new HttpClient { BaseAddress = server.BaseUri };
        using var content = new StringContent(
            "Action=GetMetricStatistics&Version=2010-08-01&MetricName=Invocations&StartTime=2024-01-01T00%3A00%3A00Z" +
            "&EndTime=2024-01-01T01%3A00%3A00Z&Period=60&Statistics.member.1=Sum",
            Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");

        using var response = await http.PostAsync("/", content);
        var wire = await WireResponse.ReadAsync(response);

        Assert.True(wire.Status == HttpStatusCode.BadRequest, wire.ToString());
        var xml = System.Xml.Linq.XDocument.Parse(wire.Body);
        Assert.Equal("ErrorResponse", xml.Root!.Name.LocalName);
        var code = xml.Descendants().Single(e => e.Name.LocalName == "Code").Value;
        Assert.True(code is "MissingParameter" or "InvalidParameterValue" or "InvalidParameterCombination", wire.ToString());
    }

    /// <summary>The runtime error code as RestJSONParser reads it: x-amzn-ErrorType, cut at the first ':'.</summary>
    private static string? ErrorTypeHeader(WireResponse response) =>
        response.Header("x-amzn-ErrorType")?.Split(':')[0];

    /// <summary>The json 1.1 error code as BaseJSONParser reads it: x-amzn-query-error, else __type after the last '#'.</summary>
    private static string? JsonErrorCode(WireResponse response)
    {
        var query = response.Header("x-amzn-query-error");
        if (query is not null)
        {
            return query.Split(';')[0];
        }

        var type = (string?)response.Json["__type"];
        return type?[(type.LastIndexOf('#') + 1)..];
    }

    private static string Message(JsonNode body) => (string?)body["message"] ?? (string?)body["Message"] ?? string.Empty;
}
