using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Turnout.Tests.Support;

namespace Turnout.Tests.Auth;

/// <summary>An authenticated in-process server driven by the test signer: shapes, body handling, skew, secrets.</summary>
public sealed class AuthServerTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _log = new();
    private InProcessServer _server = null!;
    private string _directory = null!;

    public async Task InitializeAsync()
    {
        _directory = AuthTestKeys.NewDirectory();
        var file = Path.Combine(_directory, "keys.json");
        AuthTestKeys.Write(file, AuthTestKeys.StandardKeys());
        _server = await InProcessServer.StartAsync(
            credentials: new TestCredentials(file, AuthTestKeys.AdminId, AuthTestKeys.AdminSecret),
            configureServices: s => s.AddSingleton<ILoggerProvider>(_log),
            configureOptions: o => o with { LogLevel = LogLevel.Trace });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Client(string id, string secret, TimeSpan offset = default) =>
        new(new SigningHandler(id, secret) { ClockOffset = offset }) { BaseAddress = _server.Client.BaseAddress };

    private static HttpRequestMessage ControlPlane(string operation, object input)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(JsonSerializer.Serialize(input), Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        return request;
    }

    private static async Task<(int Status, string Type, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return ((int)response.StatusCode, doc.RootElement.GetProperty("__type").GetString()!, doc.RootElement.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task Ping_Unsigned_Ok()
    {
        using var plain = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/ping")).StatusCode);
    }

    [Fact]
    public async Task Metrics_Unsigned_Refused()
    {
        // The Prometheus scrape is an API like the others: only /ping is open.
        using var plain = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Report_KeyWithoutTurnoutActions_AccessDenied()
    {
        using var limited = Client(AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret);
        using var denied = await limited.GetAsync("/api/endpoints/prod-a/report");
        var (status, type, message) = await ErrorAsync(denied);
        Assert.Equal((403, "AccessDeniedException"), (status, type));
        Assert.Contains("turnout:GetReport", message, StringComparison.Ordinal);

        using var admin = await _server.Client.GetAsync("/api/endpoints/prod-a/report");
        Assert.NotEqual(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Fact]
    public async Task ListEndpoints_SignedByAdmin_Ok()
    {
        var (status, body) = await _server.SageMakerAsync("ListEndpoints", new { });
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Endpoints").ValueKind);
    }

    [Fact]
    public async Task ListEndpoints_Unsigned_MissingAuthenticationToken()
    {
        using var plain = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        using var response = await plain.SendAsync(ControlPlane("ListEndpoints", new { }));
        var (status, type, message) = await ErrorAsync(response);
        Assert.Equal((403, "MissingAuthenticationTokenException"), (status, type));
        Assert.Equal("Request is missing Authentication Token", message);
    }

    [Fact]
    public async Task ListEndpoints_StaleDate_SignatureExpired()
    {
        using var client = Client(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret, TimeSpan.FromMinutes(-16));
        var (status, type, message) = await ErrorAsync(await client.SendAsync(ControlPlane("ListEndpoints", new { })));
        Assert.Equal((403, "InvalidSignatureException"), (status, type));
        Assert.StartsWith("Signature expired: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListEndpoints_DateWithinSkew_Ok()
    {
        using var client = Client(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret, TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ControlPlane("ListEndpoints", new { }))).StatusCode);
    }

    [Fact]
    public async Task ListEndpoints_UnsignedPayloadOverPlainHttp_IncompleteSignature()
    {
        using var client = new HttpClient(new SigningHandler(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret) { UnsignedPayload = true }) { BaseAddress = _server.Client.BaseAddress };
        var (status, type, message) = await ErrorAsync(await client.SendAsync(ControlPlane("ListEndpoints", new { })));
        Assert.Equal((400, "IncompleteSignatureException"), (status, type));
        Assert.Contains("HTTPS only", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BodyChangedAfterSigning_InvalidSignature()
    {
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var host = _server.Client.BaseAddress!.Authority;
        List<(string, string)> headers = [("host", host), ("x-amz-date", amzDate), ("content-type", "text/csv")];
        var canonical = TestSigner.CanonicalRequest("POST", "/endpoints/prod-a/invocations", string.Empty, headers, TestSigner.Sha256Hex("1,2,3"u8.ToArray()));
        var signature = TestSigner.Signature(AuthTestKeys.AdminSecret, amzDate, "eu-west-3", "sagemaker", canonical);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/prod-a/invocations") { Content = new ByteArrayContent("1,2,4"u8.ToArray()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", TestSigner.Authorization(AuthTestKeys.AdminId, amzDate, "eu-west-3", "sagemaker", TestSigner.SignedHeaders(headers), signature));
        using var plain = new HttpClient { BaseAddress = _server.Client.BaseAddress };
        using var response = await plain.SendAsync(request);
        Assert.Equal("InvalidSignatureException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var (status, _, message) = await ErrorAsync(response);
        Assert.Equal(403, status);
        Assert.Contains("The Canonical String for this request should have been", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BodiesUpToTheRuntimeLimit_ReachTheModel()
    {
        await ChurnEndpoint.CreateAsync(_server, "prod-big");
        var row = ChurnEndpoint.Rows[0] + "\n";
        var rows = (5 * 1024 * 1024) / row.Length;
        using var big = new StringContent(string.Concat(Enumerable.Repeat(row, rows)), Encoding.ASCII, "text/csv");
        using var response = await _server.Client.PostAsync("/endpoints/prod-big/invocations", big);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(rows, (await response.Content.ReadAsStringAsync()).Split(',').Length);

        using var tooBig = new ByteArrayContent(new byte[Turnout.Wire.Runtime.RuntimeApi.MaxPayloadBytes + 1]);
        tooBig.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var refused = await _server.Client.PostAsync("/endpoints/prod-big/invocations", tooBig);
        Assert.Equal("ValidationError", refused.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task CreateModel_DuplicateNameMembers_AccessDenied()
    {
        using var limited = Client(AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret);
        // Only prod-* endpoints are the limited key's; System.Text.Json would bind the second name.
        using var request = ControlPlane("DescribeEndpoint", new { });
        request.Content = new StringContent("""{"EndpointName":"prod-a","EndpointName":"other"}""", Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        var (status, type, _) = await ErrorAsync(await limited.SendAsync(request));
        Assert.Equal((403, "AccessDeniedException"), (status, type));

        var allowed = await limited.SendAsync(ControlPlane("DescribeEndpoint", new { EndpointName = "prod-missing" }));
        Assert.Equal("ValidationException", (await ErrorAsync(allowed)).Type);
    }

    [Fact]
    public async Task CloudWatchQuery_WrongSecret_SignatureDoesNotMatchErrorResponse()
    {
        using var client = Client(AuthTestKeys.MetricsId, AuthTestKeys.WrongSecret);
        using var form = new FormUrlEncodedContent([new("Action", "ListMetrics"), new("Version", "2010-08-01")]);
        using var response = await client.PostAsync("/", form);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", xml, StringComparison.Ordinal);
        Assert.Contains("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CloudWatchQuery_ActionOutsideAllowList_AccessDenied()
    {
        using var client = Client(AuthTestKeys.MetricsId, AuthTestKeys.MetricsSecret);
        using var allowed = await client.PostAsync("/", new FormUrlEncodedContent([new("Action", "ListMetrics"), new("Version", "2010-08-01")]));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var denied = await client.PostAsync("/", new FormUrlEncodedContent([new("Action", "DescribeAlarms"), new("Version", "2010-08-01")]));
        Assert.Contains("<Code>AccessDenied</Code>", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_AnyReason_NoSecretInLogsOrBodies()
    {
        var bodies = new List<string>();
        foreach (var (id, secret) in new[]
        {
            (AuthTestKeys.AdminId, AuthTestKeys.WrongSecret), ("AKIDUNKNOWN", AuthTestKeys.AdminSecret),
            (AuthTestKeys.AdminSecret, AuthTestKeys.AdminSecret), (AuthTestKeys.LimitedId, AuthTestKeys.LimitedSecret),
        })
        {
            using var client = Client(id, secret);
            using var response = await client.SendAsync(ControlPlane("CreateModel", new { ModelName = "m" }));
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{id}: {response.StatusCode}");
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        using var metrics = await _server.Client.PostAsync("/", new FormUrlEncodedContent([new("Action", "ListMetrics"), new("Version", "2010-08-01")]));
        bodies.Add(await metrics.Content.ReadAsStringAsync());
        using var scrape = await _server.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        bodies.Add(await scrape.Content.ReadAsStringAsync());
        var log = _log.Text;
        Assert.Contains("SigV4 refused", log, StringComparison.Ordinal);
        foreach (var secret in AuthTestKeys.Secrets.Append(AuthTestKeys.WrongSecret))
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.All(bodies, b => Assert.DoesNotContain(secret, b, StringComparison.Ordinal));
        }
    }
}
