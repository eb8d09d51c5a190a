namespace Turnout.Storage;

/// <summary>Ground-truth labels per endpoint, keyed by the capture's eventId or the caller's inferenceId.</summary>
public interface IGroundTruthStore
{
    /// <summary>Stores (or replaces) labels in one transaction; returns how many were written.</summary>
    int UpsertLabels(string endpointName, IReadOnlyList<(string Key, string Label)> labels, DateTimeOffset received);

    /// <summary>Every label of an endpoint by key.</summary>
    IReadOnlyDictionary<string, string> Labels(string endpointName);
}
