using Turnout.Storage.Records;

namespace Turnout.Storage;

/// <summary>
/// Durable control-plane state. Every write is one transaction that is on disk when the call returns,
/// so an acknowledged API call survives a crash.
/// </summary>
public interface IControlPlaneStore
{
    /// <summary>Inserts the model; false if one with that name exists.</summary>
    bool TryInsertModel(ModelRecord model);
    ModelRecord? GetModel(string name);
    IReadOnlyList<ModelRecord> ListModels();
    bool DeleteModel(string name);

    bool TryInsertEndpointConfig(EndpointConfigRecord config);
    EndpointConfigRecord? GetEndpointConfig(string name);
    IReadOnlyList<EndpointConfigRecord> ListEndpointConfigs();
    bool DeleteEndpointConfig(string name);

    bool TryInsertEndpoint(EndpointRecord endpoint);
    EndpointRecord? GetEndpoint(string name);
    IReadOnlyList<EndpointRecord> ListEndpoints();

    /// <summary>Replaces the endpoint's row; false if it no longer exists.</summary>
    bool UpdateEndpoint(EndpointRecord endpoint);
    bool DeleteEndpoint(string name);
}
