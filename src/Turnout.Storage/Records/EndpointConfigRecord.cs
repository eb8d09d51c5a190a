namespace Turnout.Storage.Records;

/// <summary>An endpoint configuration as CreateEndpointConfig stored it; <see cref="Document"/> is the accepted request body.</summary>
public sealed record EndpointConfigRecord(string Name, string Arn, DateTimeOffset CreationTime, string Document);
