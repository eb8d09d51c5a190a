using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Turnout.Tests.Support;
using Turnout.Wire.Auth;

namespace Turnout.Tests.Auth;

/// <summary>Rewriting --credentials takes effect without a restart; a broken rewrite keeps the last good keys.</summary>
public sealed class CredentialReloadTests : IAsyncLifetime
{
    private const string NewId = "AKIDROTATED";
    private const string NewSecret = "rotated-Secret/Value+0123456789abcdefXYZ";
    private readonly CapturingLoggerProvider _log = new();
    private InProcessServer _server = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _file = Path.Combine(AuthTestKeys.NewDirectory(), "keys.json");
        AuthTestKeys.Write(_file, AuthTestKeys.StandardKeys());
        _server = await InProcessServer.StartAsync(
            credentials: new TestCredentials(_file, AuthTestKeys.AdminId, AuthTestKeys.AdminSecret),
            configureServices: s => s.AddSingleton<ILoggerProvider>(_log),
            configureOptions: o => o with { LogLevel = LogLevel.Information });
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<HttpStatusCode> ListAsync(string id, string secret)
    {
        using var client = new HttpClient(new SigningHandler(id, secret)) { BaseAddress = _server.Client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}", Encoding.UTF8) };
        request.Headers.Add("X-Amz-Target", "SageMaker.ListModels");
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }

    [Fact]
    public async Task Reload_FileRewritten_NewKeyWorksAndOldKeyStops()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await ListAsync(NewId, NewSecret));
        AuthTestKeys.Write(_file, new { keys = new[] { new { accessKeyId = NewId, secretAccessKey = NewSecret } } });
        Assert.True(await EventuallyAsync(async () => await ListAsync(NewId, NewSecret) == HttpStatusCode.OK), "the new key was not accepted within 10 s");
        Assert.Equal(HttpStatusCode.Forbidden, await ListAsync(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret));
        // The store logs right after publishing the new keys, so the line may trail the first accepted request.
        Assert.True(await EventuallyAsync(() => Task.FromResult(_log.Text.Contains("Credentials reloaded", StringComparison.Ordinal))), "no reload was logged");
    }

    [Fact]
    public async Task Reload_BrokenFile_KeepsLastGoodKeysAndLogsWhy()
    {
        var store = _server.Services.GetRequiredService<CredentialStore>();
        File.WriteAllText(_file, """{"keys": [{"accessKeyId": "AKIDX", "secretAccessKey": "broken-Secret-0123456789", "alow": []}]}""");
        // A non-atomic write may first be read half-written (logged as invalid JSON); the complete file must follow.
        Assert.True(await EventuallyAsync(() => Task.FromResult(_log.Text.Contains("unknown member \"alow\"", StringComparison.Ordinal))), "the invalid file's reason was not logged");
        Assert.Contains("not reloaded", _log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("broken-Secret", _log.Text, StringComparison.Ordinal);
        Assert.Equal(0, store.Generation);
        Assert.Equal(HttpStatusCode.OK, await ListAsync(AuthTestKeys.AdminId, AuthTestKeys.AdminSecret));
    }
}
