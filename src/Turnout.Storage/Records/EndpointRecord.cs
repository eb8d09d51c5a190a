namespace Turnout.Storage.Records;

/// <summary>
/// The durable state of an endpoint. <see cref="Document"/> holds the live variant state (weights and
/// instance counts, current and desired) as JSON owned by the control plane; the columns beside it are
/// what lists filter and sort on.
/// </summary>
public sealed record EndpointRecord(
    string Name,
    string Arn,
    string ConfigName,
    string Status,
    string? FailureReason,
    DateTimeOffset CreationTime,
    DateTimeOffset LastModifiedTime,
    string Document);
