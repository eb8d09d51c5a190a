namespace Turnout.Browser.Infrastructure;

/// <summary>
/// A real server with the churn models and a browser, shared by one test class. Subclasses add their own
/// endpoints and traffic in <see cref="SeedAsync"/>, before the browser starts.
/// </summary>
public abstract class DashboardFixture : IAsyncLifetime
{
    internal TurnoutProcess Server { get; private set; } = null!;

    internal TurnoutApi Api { get; private set; } = null!;

    internal BrowserSession Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TurnoutProcess.StartAsync();
        Api = new TurnoutApi(Server.Url);
        await Churn.CreateModelsAsync(Api);
        await SeedAsync();
        Browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Api?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>What this class's tests need on the server besides the models.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;
}
