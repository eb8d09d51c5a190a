using System.Net;

namespace Turnout.Wire.Auth;

/// <summary>
/// The safe-default rule: without credentials Turnout serves loopback only; a non-loopback address needs
/// <c>--credentials</c> or an explicit <c>--insecure-no-auth</c>.
/// </summary>
public static class BindingPolicy
{
    /// <summary>The addresses of <paramref name="urls"/> (';'-separated, as --urls takes them) that are not loopback.</summary>
    public static IReadOnlyList<string> NonLoopback(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var result = new List<string>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(Host(url)))
            {
                result.Add(url);
            }
        }

        return result;
    }

    /// <summary>Throws <see cref="StartupRefusedException"/> when the URLs expose an unauthenticated server.</summary>
    public static void Check(string urls, bool hasCredentials, bool insecureNoAuth)
    {
        if (hasCredentials || insecureNoAuth)
        {
            return;
        }

        var exposed = NonLoopback(urls);
        if (exposed.Count > 0)
        {
            throw new StartupRefusedException(
                $"Refusing to listen on {string.Join(", ", exposed)} without authentication: anyone who can reach it could deploy models and invoke endpoints. " +
                "Give --credentials FILE (SigV4 access keys), listen on loopback only (e.g. --urls http://127.0.0.1:8080), " +
                "or pass --insecure-no-auth if something in front of Turnout authenticates callers.");
        }
    }

    public static bool HasHttps(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    // Kestrel binds any address for "*", "+", host names other than localhost, 0.0.0.0 and [::].
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static string Host(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        var rest = start < 0 ? url : url[(start + 3)..];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close < 0 ? rest : rest[..(close + 1)];
        }

        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }
}
