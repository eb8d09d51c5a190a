using Turnout.Tests.Support;

namespace Turnout.Tests.Analysis;

/// <summary>One in-process server with the notebook's two churn models as Variant1/Variant2, shared by a test class.</summary>
public sealed class ChurnServerFixture : IAsyncLifetime
{
    public const string Endpoint = "churn-ab";

    private InProcessServer? _server;

    public InProcessServer Server => _server ?? throw new InvalidOperationException("Server not started.");

    public string Url => Server.Client.BaseAddress!.ToString();

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(_server, Endpoint);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
