using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Turnout.Wire.Runtime;

/// <summary>
/// Sends <c>POST /endpoints/{EndpointName}/invocations</c> straight to <see cref="RuntimeApi"/>, ahead of
/// endpoint routing: the route matcher, its route values and the delegate binding cost more per request
/// than the weighted draw and the metrics together (bench/README.md). Matches what the route template
/// matched: literal segments in any case, one name segment, an optional trailing slash.
/// </summary>
public static class InvocationPath
{
    private const string Prefix = "/endpoints/";
    private const string Suffix = "/invocations";

    /// <summary>Adds the fast path; call after authentication and before <c>UseRouting</c>.</summary>
    public static void Use(IApplicationBuilder app, RuntimeApi runtime)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            if (!TryMatch(context.Request.Path.Value, out var endpointName))
            {
                return next(context);
            }

            if (HttpMethods.IsPost(context.Request.Method))
            {
                return runtime.InvokeAsync(context, endpointName);
            }

            // As the route did: the path exists, only for POST.
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = HttpMethods.Post;
            return Task.CompletedTask;
        });
    }

    public static bool TryMatch(string? path, out string endpointName)
    {
        endpointName = string.Empty;
        var span = path.AsSpan();
        if (span.EndsWith('/'))
        {
            span = span[..^1];
        }

        if (span.Length <= Prefix.Length + Suffix.Length
            || !span.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || !span.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = span[Prefix.Length..^Suffix.Length];
        if (name.Contains('/'))
        {
            return false;
        }

        endpointName = name.ToString();
        return true;
    }
}
