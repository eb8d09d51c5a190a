using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Turnout.Cluster.Coordination;
using Turnout.Cluster.Placement;

namespace Turnout.Cluster;

/// <summary><c>GET /cluster</c>: this node's view of the cluster (nodes, coordinator, placement), for operators and tests.</summary>
public static class ClusterEndpoints
{
    public static void MapCluster(this IEndpointRouteBuilder app) =>
        app.MapGet("/cluster", (ClusterView view, ClusterService service) =>
        {
            var (plan, nodes, coordinator, version) = view.Source;
            return Results.Json(new ClusterStatus(
                view.SelfId,
                service.IsCoordinator,
                coordinator,
                version,
                [.. nodes.Select(n => new ClusterStatusNode(n.Id, n.Url, n.Capacity, plan.Load(n.Id)))],
                [.. plan.Instances.OrderBy(p => p.Key.Endpoint, StringComparer.Ordinal).ThenBy(p => p.Key.Variant, StringComparer.Ordinal)
                    .Select(p => new ClusterStatusPlacement(p.Key.Endpoint, p.Key.Variant, p.Value))]),
                ClusterJson.Default.ClusterStatus);
        });
}

public sealed record ClusterStatus(string NodeId, bool IsCoordinator, string? Coordinator, long PlanVersion, ClusterStatusNode[] Nodes, ClusterStatusPlacement[] Placement);

public sealed record ClusterStatusNode(string Id, string Url, int Capacity, int Instances);

public sealed record ClusterStatusPlacement(string Endpoint, string Variant, string[] Nodes);

[System.Text.Json.Serialization.JsonSerializable(typeof(ClusterStatus))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ClusterJson : System.Text.Json.Serialization.JsonSerializerContext;
