using Microsoft.Extensions.Logging;

namespace Turnout.Wire.Auth;

/// <summary>What Turnout says at start about who can reach it.</summary>
internal static partial class AuthStartupLog
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "No --credentials given: authentication is off, so Turnout listens on loopback only ({Urls}). Give --credentials FILE to accept signed requests from other hosts.")]
    public static partial void LoopbackOnly(ILogger logger, string urls);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "--insecure-no-auth: authentication is OFF and Turnout listens on {Urls}; anyone who can reach it can deploy models and invoke endpoints")]
    public static partial void InsecureNoAuth(ILogger logger, string urls);

    [LoggerMessage(EventId = 722, Level = LogLevel.Information, Message = "TLS on with the certificate {Subject} (expires {NotAfter:u}) from {Path}")]
    public static partial void Tls(ILogger logger, string subject, DateTime notAfter, string path);
}
