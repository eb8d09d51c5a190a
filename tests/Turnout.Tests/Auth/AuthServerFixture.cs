using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Turnout.Tests.Support;

namespace Turnout.Tests.Auth;

/// <summary>An authenticated server with the standard keys and an InService endpoint prod-churn, shared by the real-client tests.</summary>
public sealed class AuthServerFixture : IAsyncLifetime
{
    public const string EndpointName = "prod-churn";

    public CapturingLoggerProvider Log { get; } = new();
    public InProcessServer Server { get; private set; } = null!;
    public string Url => Server.Client.BaseAddress!.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var file = Path.Combine(AuthTestKeys.NewDirectory(), "keys.json");
        AuthTestKeys.Write(file, AuthTestKeys.StandardKeys());
        Server = await InProcessServer.StartAsync(
            credentials: new TestCredentials(file, AuthTestKeys.AdminId, AuthTestKeys.AdminSecret),
            configureServices: s => s.AddSingleton<ILoggerProvider>(Log),
            configureOptions: o => o with { LogLevel = LogLevel.Information });
        await ChurnEndpoint.CreateAsync(Server, EndpointName);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
