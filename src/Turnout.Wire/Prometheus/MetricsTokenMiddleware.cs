using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Turnout.Wire.Prometheus;

/// <summary>
/// <c>--metrics-token-file</c>: Prometheus cannot sign SigV4, so a scrape of <c>GET /metrics</c> that carries
/// <c>Authorization: Bearer &lt;token&gt;</c> is served before SigV4 runs. A wrong token is refused; a scrape
/// without a bearer token falls through to SigV4 as before. Nothing else is reachable with the token.
/// </summary>
public static class MetricsTokenMiddleware
{
    private const string Bearer = "Bearer ";

    public static void Use(IApplicationBuilder app, string? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.Use((context, next) =>
        {
            var request = context.Request;
            var authorization = request.Headers.Authorization.ToString();
            if (!HttpMethods.IsGet(request.Method) || !request.Path.Equals("/metrics", StringComparison.Ordinal)
                || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            {
                return next(context);
            }

            // Hashing both sides makes the comparison constant-time whatever the lengths.
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Bearer.Length..].Trim()));
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"turnout-metrics\"";
                return context.Response.WriteAsync("The bearer token does not match --metrics-token-file.\n", context.RequestAborted);
            }

            return context.RequestServices.GetRequiredService<PrometheusExporter>().HandleAsync(context);
        });
    }
}
