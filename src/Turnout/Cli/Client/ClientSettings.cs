namespace Turnout.Cli.Client;

/// <summary>Where the CLI sends requests, how it signs them and how it prints the answers.</summary>
internal sealed record ClientSettings(Uri EndpointUrl, Credentials? Credentials, string Region, OutputFormat Output);

/// <summary><c>--output</c>.</summary>
internal enum OutputFormat
{
    Table,
    Json,
}
