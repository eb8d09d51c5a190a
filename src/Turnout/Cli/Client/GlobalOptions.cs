using System.CommandLine;

namespace Turnout.Cli.Client;

/// <summary>
/// The options every client command takes (AWS CLI names): --endpoint-url, --output, --access-key,
/// --secret-key, --profile, --region. Defaults come from TURNOUT_ENDPOINT_URL and the AWS_* variables.
/// </summary>
internal sealed class GlobalOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>$TURNOUT_ENDPOINT_URL, or the default address of <c>turnout serve</c>.</summary>
    public static string EnvironmentUrl => Env("TURNOUT_ENDPOINT_URL") ?? DefaultUrl;

    public Option<string?> EndpointUrl { get; } = new("--endpoint-url") { Description = $"Turnout server URL (default: $TURNOUT_ENDPOINT_URL or {DefaultUrl})." };

    public Option<string> Output { get; } = new("--output", "-o") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };

    public Option<string?> AccessKey { get; } = new("--access-key") { Description = "Access key id to sign requests with (default: $AWS_ACCESS_KEY_ID)." };

    public Option<string?> SecretKey { get; } = new("--secret-key") { Description = "Secret access key (default: $AWS_SECRET_ACCESS_KEY)." };

    public Option<string?> Profile { get; } = new("--profile") { Description = "Take the keys from this profile of ~/.aws/credentials (default: $AWS_PROFILE)." };

    public Option<string?> Region { get; } = new("--region") { Description = "Region in the signature scope (default: $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1)." };

    public GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
    }

    public T AddTo<T>(T command)
        where T : Command
    {
        command.Options.Add(EndpointUrl);
        command.Options.Add(Output);
        command.Options.Add(AccessKey);
        command.Options.Add(SecretKey);
        command.Options.Add(Profile);
        command.Options.Add(Region);
        return command;
    }

    public ClientSettings Resolve(ParseResult parse) => Resolve(
        parse.GetValue(EndpointUrl), parse.GetValue(Output)!, parse.GetValue(AccessKey), parse.GetValue(SecretKey), parse.GetValue(Profile), parse.GetValue(Region));

    /// <summary>Flags win over environment variables; a profile is read only when asked for.</summary>
    internal static ClientSettings Resolve(string? url, string output, string? accessKey, string? secretKey, string? profile, string? region)
    {
        url ??= Env("TURNOUT_ENDPOINT_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--endpoint-url '{url}' is not an http(s) URL, e.g. http://127.0.0.1:8080.");
        }

        region ??= Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? "us-east-1";
        Credentials? credentials;
        if (accessKey is not null || secretKey is not null)
        {
            credentials = accessKey is { Length: > 0 } && secretKey is { Length: > 0 }
                ? new Credentials(accessKey, secretKey)
                : throw new UsageException("--access-key and --secret-key go together; give both.");
        }
        else if ((profile ?? Env("AWS_PROFILE")) is { } name)
        {
            credentials = AwsProfile.Read(name);
        }
        else if (Env("AWS_ACCESS_KEY_ID") is { } id && Env("AWS_SECRET_ACCESS_KEY") is { } secret)
        {
            credentials = new Credentials(id, secret);
        }
        else
        {
            credentials = null;
        }

        return new ClientSettings(uri, credentials, region, output == "json" ? OutputFormat.Json : OutputFormat.Table);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
