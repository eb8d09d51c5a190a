namespace Turnout.Cli.Client;

/// <summary>An access key pair for SigV4.</summary>
internal sealed record Credentials(string AccessKeyId, string SecretAccessKey);
