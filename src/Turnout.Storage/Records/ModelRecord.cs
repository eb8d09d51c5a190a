namespace Turnout.Storage.Records;

/// <summary>A model as CreateModel stored it. <see cref="Document"/> is the accepted request body, echoed by DescribeModel.</summary>
public sealed record ModelRecord(string Name, string Arn, DateTimeOffset CreationTime, string Document);
