namespace Turnout.Cli.Client;

/// <summary>Reads one profile's keys from the AWS shared credentials file (INI: [name], key = value).</summary>
internal static class AwsProfile
{
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");

    /// <exception cref="UsageException">The file or the profile is missing, or the profile lacks a key.</exception>
    public static Credentials Read(string profile, string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            throw new UsageException($"--profile {profile}: {path} does not exist. Create it with `aws configure --profile {profile}` or pass --access-key/--secret-key.");
        }

        string? section = null;
        string? id = null;
        string? secret = null;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1].Trim();
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (section != profile || eq < 0)
            {
                continue;
            }

            var (key, value) = (line[..eq].Trim(), line[(eq + 1)..].Trim());
            if (key == "aws_access_key_id")
            {
                id = value;
            }
            else if (key == "aws_secret_access_key")
            {
                secret = value;
            }
        }

        return id is { Length: > 0 } && secret is { Length: > 0 }
            ? new Credentials(id, secret)
            : throw new UsageException($"--profile {profile}: {path} has no [{profile}] section with aws_access_key_id and aws_secret_access_key.");
    }
}
