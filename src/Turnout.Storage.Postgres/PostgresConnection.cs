using System.Text.RegularExpressions;
using Npgsql;

namespace Turnout.Storage.Postgres;

/// <summary>Turns <c>--store</c> (a postgres:// URL or an Npgsql connection string) into a data source tagged with the node id.</summary>
public static partial class PostgresConnection
{
    /// <summary>True if <paramref name="store"/> names a PostgreSQL database rather than SQLite.</summary>
    public static bool IsPostgres(string? store) =>
        store is not null && (store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || store.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    /// <summary>An Npgsql connection string from a URL (<c>postgres://user:pass@host:port/db?sslmode=require</c>) or a connection string.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string store)
    {
        ArgumentException.ThrowIfNullOrEmpty(store);
        if (!store.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(store);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"--store: \"{Redact(store)}\" is not a valid Npgsql connection string ({e.Message}). Use postgres://user:password@host:5432/database or Host=...;Username=...;Database=...", e);
            }
        }

        if (!Uri.TryCreate(store, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"--store: \"{Redact(store)}\" is not a postgres:// URL. Use postgres://user:password@host:5432/database.");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Uri.UnescapeDataString(uri.Host),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            // libpq spells these differently from Npgsql.
            key = key.ToLowerInvariant() switch
            {
                "sslmode" => "SSL Mode",
                "host" => "Host",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                _ => key,
            };
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"--store: unknown or invalid parameter \"{key}\" in the postgres:// URL ({e.Message}).", e);
            }
        }

        return builder;
    }

    /// <summary>A data source whose sessions carry <c>turnout.node</c>, which the schema's triggers record on every endpoint write.</summary>
    public static NpgsqlDataSource CreateDataSource(string store, string nodeId)
    {
        if (!NodeIdPattern().IsMatch(nodeId))
        {
            throw new ArgumentException($"Node id \"{nodeId}\" may only contain letters, digits, '.', '_', ':' and '-' (at most 63).", nameof(nodeId));
        }

        var builder = Parse(store);
        builder.Options = (builder.Options is { Length: > 0 } existing ? existing + " " : string.Empty) + "-c turnout.node=" + nodeId;
        builder.ApplicationName ??= "turnout";
        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>The store for logs and /metrics: host, port and database, never the password.</summary>
    public static string Describe(string store)
    {
        var b = Parse(store);
        return $"postgresql://{b.Host}:{b.Port}/{b.Database}";
    }

    private static string Redact(string store) => PasswordPattern().Replace(store, "$1***");

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,63}$")]
    private static partial Regex NodeIdPattern();

    [GeneratedRegex("((?:password|pwd)\\s*=\\s*|://[^:/@]*:)[^;@]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPattern();
}
