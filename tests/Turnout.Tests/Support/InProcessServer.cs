using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Turnout.Wire.Hosting;

namespace Turnout.Tests.Support;

/// <summary>A real Turnout server (Kestrel on a loopback port, SQLite in a temp dir) inside the test process.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, string dataDirectory, HttpClient client)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = client;
    }

    public string DataDirectory { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <param name="credentials">Auth tests: serve with this credentials file and sign the client's requests with its key.</param>
    /// <param name="configureOptions">Auth tests: adjust the server options (log level, TLS).</param>
    public static async Task<InProcessServer> StartAsync(string? dataDirectory = null, string? s3Root = null, Action<IServiceCollection>? configureServices = null,
        Turnout.Tests.Auth.TestCredentials? credentials = null, Func<ServerOptions, ServerOptions>? configureOptions = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "turnout-tests", Guid.NewGuid().ToString("N"));
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = dataDirectory,
            S3Root = s3Root,
            LogLevel = LogLevel.Warning,
            CredentialsFile = credentials?.File,
            CredentialsPollInterval = TimeSpan.FromMilliseconds(200),
        };
        var app = TurnoutApp.Build(configureOptions?.Invoke(options) ?? options, configureServices: configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = credentials is null
            ? new HttpClient { BaseAddress = new Uri(address) }
            : new HttpClient(new Turnout.Tests.Auth.SigningHandler(credentials.AccessKeyId, credentials.Secret)) { BaseAddress = new Uri(address) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync("/ping")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Turnout did not become ready within 30 s.");
            }

            await Task.Delay(20);
        }

        return new InProcessServer(app, dataDirectory, client);
    }

    /// <summary>Calls SageMaker.<paramref name="operation"/> over JSON 1.1; returns status and parsed body.</summary>
    public async Task<(int Status, JsonElement Body)> SageMakerAsync(string operation, object input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        request.Content = new StringContent(input as string ?? JsonSerializer.Serialize(input), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
