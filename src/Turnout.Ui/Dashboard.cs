using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Turnout.Ui;

/// <summary>
/// Serves the dashboard's static files at <c>/ui/</c>. It runs before authentication on purpose: the files
/// hold no data, and the page signs every data call (SageMaker, CloudWatch, /api) with the user's key, so
/// those stay behind SigV4 like any client's (SECURITY.md, "The dashboard").
/// </summary>
public static class Dashboard
{
    public const string PathPrefix = "/ui";

    private const string NotBuiltPage =
        "<!doctype html><meta charset=utf-8><title>Turnout</title><p>This turnout was built without its dashboard " +
        "(-p:TurnoutDashboard=false). Build with Node.js 20.19+ and npm on PATH to include it.</p>";

    /// <summary>Adds the /ui middleware; call before authentication.</summary>
    public static IApplicationBuilder UseTurnoutDashboard(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }

        if (request.Path.Value == "/" && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal))
        {
            // A person opening the server's address in a browser (every AWS call is a POST).
            context.Response.Redirect(PathPrefix + "/");
            return Task.CompletedTask;
        }

        if (!request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal, out var rest))
        {
            return next(context);
        }

        return ServeAsync(context, rest.Value ?? string.Empty);
    });

    private static async Task ServeAsync(HttpContext context, string rest)
    {
        var response = context.Response;
        if (rest.Length == 0)
        {
            // /ui → /ui/ so the page's relative URLs resolve under /ui/.
            response.StatusCode = StatusCodes.Status308PermanentRedirect;
            response.Headers.Location = PathPrefix + "/" + context.Request.QueryString;
            return;
        }

        var path = rest == "/" ? "index.html" : rest[1..];
        if (!DashboardAssets.Built)
        {
            response.StatusCode = path == "index.html" ? StatusCodes.Status200OK : StatusCodes.Status404NotFound;
            response.ContentType = "text/html; charset=utf-8";
            await response.WriteAsync(NotBuiltPage, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!DashboardAssets.All.TryGetValue(path, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"No dashboard file {context.Request.Path}. The dashboard is at {PathPrefix}/.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var headers = response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (path == "index.html")
        {
            // The page loads only its own scripts and talks only to this origin.
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
    }
}
