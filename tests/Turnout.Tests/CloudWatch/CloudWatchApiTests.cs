using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Turnout.Metrics;
using Turnout.Tests.Metrics;
using Turnout.Wire.CloudWatch;
using Turnout.Wire.CloudWatch.Cbor;

namespace Turnout.Tests.CloudWatch;

public sealed class CloudWatchApiTests
{
    private static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly CloudWatchApi _api;

    public CloudWatchApiTests()
    {
        var clock = new ManualTimeProvider(T0);
        var hub = new MetricsHub(clock);
        for (var i = 0; i < 3; i++)
        {
            hub.GetVariant("ep", "v1").RecordInvocation(InvocationOutcome.Success, 10, 1, 1);
        }

        _api = new CloudWatchApi(hub, clock);
    }

    private const string GoodQuery = "Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FSageMaker&MetricName=Invocations"
        + "&Dimensions.member.1.Name=EndpointName&Dimensions.member.1.Value=ep&Dimensions.member.2.Name=VariantName&Dimensions.member.2.Value=v1"
        + "&StartTime=2024-05-01T09%3A00%3A00Z&EndTime=2024-05-01T11%3A00%3A00Z&Statistics.member.1=Sum";

    [Fact]
    public async Task HandleQueryAsync_GetMetricStatistics_ReturnsSumXml()
    {
        var (status, headers, body) = await QueryAsync(GoodQuery + "&Period=60");

        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(headers["x-amzn-RequestId"]));
        var result = XDocument.Parse(body).Root!.Element(Ns + "GetMetricStatisticsResult")!;
        var point = Assert.Single(result.Element(Ns + "Datapoints")!.Elements(Ns + "member"));
        Assert.Equal("3.0", point.Element(Ns + "Sum")!.Value);
        Assert.Equal("2024-05-01T10:00:00Z", point.Element(Ns + "Timestamp")!.Value);
        Assert.Equal(headers["x-amzn-RequestId"], XDocument.Parse(body).Root!.Element(Ns + "ResponseMetadata")!.Element(Ns + "RequestId")!.Value);
    }

    [Theory]
    [InlineData("&Period=90", "InvalidParameterValue")]
    [InlineData("&Period=0", "InvalidParameterValue")]
    [InlineData("&Period=abc", "InvalidParameterValue")]
    [InlineData("", "MissingParameter")]
    [InlineData("&Period=60&Unit=Furlongs", "InvalidParameterValue")]
    [InlineData("&Period=60&Statistics.member.2=p99", "InvalidParameterValue")]
    [InlineData("&Period=60&ExtendedStatistics.member.1=p99", "InvalidParameterCombination")]
    public async Task HandleQueryAsync_BadInput_ErrorResponse400(string extra, string code)
    {
        var (status, _, body) = await QueryAsync(GoodQuery + extra);

        Assert.Equal(400, status);
        var error = XDocument.Parse(body).Root!.Element(Ns + "Error")!;
        Assert.Equal(code, error.Element(Ns + "Code")!.Value);
        Assert.Equal("Sender", error.Element(Ns + "Type")!.Value);
    }

    [Fact]
    public async Task HandleQueryAsync_TooManyDatapoints_InvalidParameterCombination()
    {
        var (status, _, body) = await QueryAsync(GoodQuery.Replace("2024-05-01T11", "2024-05-02T11", StringComparison.Ordinal) + "&Period=60");

        Assert.Equal(400, status);
        Assert.Equal("InvalidParameterCombination", XDocument.Parse(body).Root!.Element(Ns + "Error")!.Element(Ns + "Code")!.Value);
    }

    [Fact]
    public async Task HandleQueryAsync_StartNotBeforeEnd_InvalidParameterValue()
    {
        var (status, _, body) = await QueryAsync(GoodQuery.Replace("2024-05-01T11", "2024-05-01T09", StringComparison.Ordinal) + "&Period=60");

        Assert.Equal(400, status);
        Assert.Contains("StartTime must be less than", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleQueryAsync_MissingNamespace_MissingParameter()
    {
        var (_, _, body) = await QueryAsync(GoodQuery.Replace("Namespace=AWS%2FSageMaker&", string.Empty, StringComparison.Ordinal) + "&Period=60");

        var error = XDocument.Parse(body).Root!.Element(Ns + "Error")!;
        Assert.Equal("MissingParameter", error.Element(Ns + "Code")!.Value);
        Assert.Equal("The parameter Namespace is required.", error.Element(Ns + "Message")!.Value);
    }

    [Fact]
    public async Task HandleQueryAsync_UnknownAction_InvalidAction()
    {
        var (status, _, body) = await QueryAsync("Action=DeleteAlarms&Version=2010-08-01");

        Assert.Equal(400, status);
        Assert.Equal("InvalidAction", XDocument.Parse(body).Root!.Element(Ns + "Error")!.Element(Ns + "Code")!.Value);
    }

    [Fact]
    public async Task HandleQueryAsync_BadNextToken_InvalidNextToken()
    {
        var (status, _, body) = await QueryAsync("Action=ListMetrics&Version=2010-08-01&NextToken=bogus");

        Assert.Equal(400, status);
        Assert.Equal("InvalidNextToken", XDocument.Parse(body).Root!.Element(Ns + "Error")!.Element(Ns + "Code")!.Value);
    }

    [Fact]
    public async Task HandleCborAsync_GetMetricStatistics_ReturnsTaggedTimestampsAndDoubles()
    {
        var w = new CborWriter();
        w.WriteStartIndefiniteMap();
        WritePair(w, "Namespace", "AWS/SageMaker");
        WritePair(w, "MetricName", "Invocations");
        w.WriteTextString("Dimensions");
        w.WriteStartArray(2);
        WriteDimension(w, "EndpointName", "ep");
        WriteDimension(w, "VariantName", "v1");
        w.WriteTextString("StartTime");
        w.WriteEpochTimestamp(T0.AddHours(-1));
        w.WriteTextString("EndTime");
        w.WriteEpochTimestamp(T0.AddHours(1));
        w.WriteTextString("Period");
        w.WriteInt64(60);
        w.WriteTextString("Statistics");
        w.WriteStartArray(1);
        w.WriteTextString("Sum");
        w.WriteBreak();

        var (status, headers, body) = await CborAsync("GetMetricStatistics", w.ToArray());

        Assert.Equal(200, status);
        Assert.Equal("rpc-v2-cbor", headers["smithy-protocol"]);
        Assert.Equal("application/cbor", headers.ContentType);
        var output = Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(body));
        Assert.Equal("Invocations", output["Label"]);
        var point = Assert.IsType<Dictionary<string, object?>>(Assert.Single(Assert.IsType<List<object?>>(output["Datapoints"])));
        Assert.Equal(T0, point["Timestamp"]);
        Assert.Equal(3.0, point["Sum"]);
        var key = "Timestamp"u8;
        Assert.Equal((byte)0xC1, body[body.AsSpan().IndexOf(key) + key.Length]); // tag 1 follows the key
    }

    [Fact]
    public async Task HandleCborAsync_MissingParameter_QueryErrorHeaderAndType()
    {
        var w = new CborWriter();
        w.WriteStartMap(0);

        var (status, headers, body) = await CborAsync("GetMetricStatistics", w.ToArray());

        Assert.Equal(400, status);
        Assert.Equal("MissingParameter;Sender", headers["x-amzn-query-error"]);
        var error = Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(body));
        Assert.Equal("com.amazonaws.cloudwatch#MissingRequiredParameterException", error["__type"]);
        Assert.Equal("The parameter Namespace is required.", error["message"]);
    }

    [Fact]
    public async Task HandleCborAsync_GarbageBody_SerializationException()
    {
        var (status, _, body) = await CborAsync("ListMetrics", [0x62, 0x61]);

        Assert.Equal(400, status);
        Assert.Equal("com.amazonaws.cloudwatch#SerializationException", Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(body))["__type"]);
    }

    [Fact]
    public async Task HandleJson10Async_ListMetrics_ReturnsSevenSeries()
    {
        var context = NewContext("application/x-amz-json-1.0", Encoding.UTF8.GetBytes("{\"Namespace\":\"AWS/SageMaker\"}"));
        await _api.HandleJson10Async(context, "ListMetrics");

        Assert.Equal(200, context.Response.StatusCode);
        using var doc = JsonDocument.Parse(ResponseBody(context));
        Assert.Equal(7, doc.RootElement.GetProperty("Metrics").GetArrayLength());
        Assert.False(doc.RootElement.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task HandleJson10Async_EpochNumberTimestamps_Accepted()
    {
        var json = "{\"Namespace\":\"AWS/SageMaker\",\"MetricName\":\"Invocations\",\"Dimensions\":[{\"Name\":\"EndpointName\",\"Value\":\"ep\"},{\"Name\":\"VariantName\",\"Value\":\"v1\"}],"
            + $"\"StartTime\":{T0.AddHours(-1).ToUnixTimeSeconds()},\"EndTime\":{T0.AddHours(1).ToUnixTimeSeconds()}.5,\"Period\":60,\"Statistics\":[\"Sum\",\"SampleCount\"]}}";
        var context = NewContext("application/x-amz-json-1.0", Encoding.UTF8.GetBytes(json));
        await _api.HandleJson10Async(context, "GetMetricStatistics");

        using var doc = JsonDocument.Parse(ResponseBody(context));
        var point = Assert.Single(doc.RootElement.GetProperty("Datapoints").EnumerateArray().ToList());
        Assert.Equal(T0.ToUnixTimeSeconds(), point.GetProperty("Timestamp").GetDouble());
        Assert.Equal(3, point.GetProperty("Sum").GetDouble());
        Assert.Equal(3, point.GetProperty("SampleCount").GetDouble());
    }

    [Fact]
    public async Task HandleJson10Async_UnknownOperation_Error()
    {
        var context = NewContext("application/x-amz-json-1.0", "{}"u8.ToArray());
        await _api.HandleJson10Async(context, "PutDashboard");

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Contains("UnknownOperationException", ResponseBody(context), StringComparison.Ordinal);
    }

    [Fact]
    public void IsQueryRequest_FormWithoutTarget_True()
    {
        var form = NewContext("application/x-www-form-urlencoded; charset=utf-8", []);
        var json = NewContext("application/x-amz-json-1.1", []);
        json.Request.Headers["X-Amz-Target"] = "SageMaker.ListModels";

        Assert.True(CloudWatchApi.IsQueryRequest(form.Request));
        Assert.False(CloudWatchApi.IsQueryRequest(json.Request));
    }

    private async Task<(int Status, IHeaderDictionary Headers, string Body)> QueryAsync(string form)
    {
        var context = NewContext("application/x-www-form-urlencoded; charset=utf-8", Encoding.UTF8.GetBytes(form));
        await _api.HandleQueryAsync(context);
        return (context.Response.StatusCode, context.Response.Headers, ResponseBody(context));
    }

    private async Task<(int Status, IHeaderDictionary Headers, byte[] Body)> CborAsync(string operation, byte[] body)
    {
        var context = NewContext("application/cbor", body);
        await _api.HandleCborAsync(context, operation);
        return (context.Response.StatusCode, context.Response.Headers, ((MemoryStream)context.Response.Body).ToArray());
    }

    private static DefaultHttpContext NewContext(string contentType, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string ResponseBody(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private static void WritePair(CborWriter w, string key, string value)
    {
        w.WriteTextString(key);
        w.WriteTextString(value);
    }

    private static void WriteDimension(CborWriter w, string name, string value)
    {
        w.WriteStartMap(2);
        WritePair(w, "Name", name);
        WritePair(w, "Value", value);
    }
}
