using System.Text.Json;
using Turnout.ControlPlane.Endpoints;
using Turnout.Runtime.Routing;
using Turnout.Storage;

namespace Turnout.Wire.Hosting;

/// <summary>
/// Makes this node's routing follow an endpoint another node changed: reloads it from the store and
/// publishes a table built the same way the owning node built its own (<see cref="EndpointDeployer"/>).
/// Transitions (Creating, Updating, RollingBack) are left to the node that runs them; this node keeps
/// serving its current table until the endpoint settles, as SageMaker keeps serving during an update.
/// </summary>
internal sealed class ChangeFeedFollower(IControlPlaneStore store, EndpointDeployer deployer, RoutingRegistry routes)
{
    // What each followed table was built from (models, images, capture); a change there means a rebuild, not a reshape.
    private readonly Dictionary<string, string> _builtFrom = new(StringComparer.Ordinal);

    /// <summary>Brings this node's table for <paramref name="name"/> in line with the store. Throws <see cref="DeploymentException"/> if a model cannot load here.</summary>
    public async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var record = store.GetEndpoint(name);
        if (record is null || record.Status is EndpointStatus.Deleting or EndpointStatus.Failed)
        {
            routes.Remove(name);
            _builtFrom.Remove(name);
            return;
        }

        if (record.Status != EndpointStatus.InService)
        {
            return;
        }

        var state = EndpointState.Parse(record.Document);
        var source = BuildSource(state);
        // A table this node followed before is reshaped if it was built from the same models; one it built
        // itself (at recovery, or through its own API) is reshaped if it routes to the same models.
        var reusable = routes.TryGet(name, out var current)
            && (_builtFrom.TryGetValue(name, out var built) ? built == source : SameVariants(current, state));
        if (reusable)
        {
            if (!Matches(current, state))
            {
                routes.Publish(EndpointDeployer.Reshape(current, state));
            }

            _builtFrom[name] = source;
            return;
        }

        var table = await deployer.BuildAsync(name, state, cancellationToken).ConfigureAwait(false);
        routes.Publish(table);
        _builtFrom[name] = source;
    }

    /// <summary>An endpoint that no longer exists in the store stops routing here.</summary>
    public void Forget(string name)
    {
        routes.Remove(name);
        _builtFrom.Remove(name);
    }

    private static bool SameVariants(RoutingTable table, EndpointState state) =>
        table.Incoming is null && table.Variants.Length == state.Variants.Count
        && state.Variants.All(v => table.Find(v.VariantName) is { } route && route.ModelName == v.ModelName);

    private static bool Matches(RoutingTable table, EndpointState state) =>
        state.Variants.All(v => table.Find(v.VariantName) is { } route
            && route.Weight == v.DesiredWeight && route.Instances.Length == Math.Max(1, v.DesiredInstanceCount));

    private static string BuildSource(EndpointState state) => JsonSerializer.Serialize(new
    {
        Variants = state.Variants.Select(v => new { v.VariantName, v.ModelName, v.Container.Image, v.Container.ModelDataUrl, v.Container.Environment }),
        Capture = state.DataCaptureConfig,
    }, ControlPlane.WireJson.Options);
}
