using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;

namespace Turnout.Wire.Auth;

/// <summary>
/// Authenticates every request except <c>GET /ping</c> with SigV4 and authorises it against the key's
/// allow and resources lists, before any API code runs. Cheap checks first (header, date, service, key id),
/// so junk is refused without reading its body; the body is read (bounded by what the API accepts) only to
/// check its hash. Refusals are answered in the caller's protocol and logged without secrets.
/// </summary>
internal sealed partial class SigV4Middleware(RequestDelegate next, CredentialStore store, TimeProvider time, ControlPlaneOptions arns, ILogger<SigV4Middleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && request.Path.Equals("/ping", StringComparison.Ordinal))
        {
            return next(context);
        }

        return AuthenticateAsync(context);
    }

    private async Task AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var target = RequestTarget.Classify(request);
        var (rawPath, rawQuery) = SplitTarget(context);
        var failure = SigV4Verifier.Authenticate(request.Headers, rawQuery, request.IsHttps, store.Current, target.Service, time.GetUtcNow(), out var pending);
        if (failure is null)
        {
            BufferedBody? body = null;
            var key = pending.Key;
            var needsBody = pending.NeedsBody
                || (target.Api == ApiKind.ControlPlane && key.Resources is not null)
                || (target.Api == ApiKind.CloudWatchQuery && key.Allow is not null);
            if (needsBody)
            {
                body = await BufferedBody.ReadAsync(context, target.MaxBodyBytes).ConfigureAwait(false);
            }

            if (needsBody && body is null)
            {
                failure = new AuthFailure(AuthFailureKind.PayloadTooLarge,
                    $"The request body is larger than {target.MaxBodyBytes} bytes, the most this API accepts.", AccessKeyId: key.AccessKeyId);
            }
            else
            {
                Span<char> hash = stackalloc char[64];
                if (pending.NeedsBody)
                {
                    SigV4Verifier.HashHex(body!.Span, hash);
                }

                failure = SigV4Verifier.Verify(pending, request.Method, rawPath, rawQuery, request.Headers, hash)
                    ?? Authorize(key, target, rawQuery, body);
            }
        }

        if (failure is not null)
        {
            Log.Refused(logger, request.Method, request.Path.Value ?? string.Empty, target.Api, context.Connection.RemoteIpAddress?.ToString() ?? "-",
                failure.JsonCode, failure.AccessKeyId ?? "-", failure.Message);
            await AuthErrorWriter.WriteAsync(context, target.Api, failure).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private AuthFailure? Authorize(AccessKey key, RequestTarget target, ReadOnlySpan<char> rawQuery, BufferedBody? body)
    {
        var operation = target.Api == ApiKind.CloudWatchQuery ? QueryAction(rawQuery, body) : target.Operation;
        if (target.Api == ApiKind.Unknown || operation is null)
        {
            // Nothing to act on: the front door answers it with an error of its own.
            return null;
        }

        var service = target.ActionService;
        if (!AccessPolicy.AllowsAction(key, service, operation))
        {
            return Denied(key, service, operation, null, "no entry of its allow list matches the action");
        }

        if (key.Resources is null || target.Api is not (ApiKind.ControlPlane or ApiKind.Runtime or ApiKind.Turnout)
            || operation.StartsWith("List", StringComparison.Ordinal))
        {
            return null;
        }

        var (type, member) = operation.Contains("EndpointConfig", StringComparison.Ordinal) ? ("endpoint-config", "EndpointConfigName")
            : operation.Contains("Endpoint", StringComparison.Ordinal) ? ("endpoint", "EndpointName")
            : operation.Contains("Model", StringComparison.Ordinal) ? ("model", "ModelName")
            : (null, null);
        if (target.Api == ApiKind.Turnout)
        {
            (type, member) = ("endpoint", null);
        }

        var name = target.Api is ApiKind.Runtime or ApiKind.Turnout ? target.EndpointName : member is null ? null : JsonMember(body, member);
        if (type is null || string.IsNullOrEmpty(name))
        {
            return Denied(key, service, operation, null, "the key is limited to its resources list and the request names no resource Turnout can check");
        }

        var arn = type switch
        {
            "endpoint" => arns.EndpointArn(name),
            "endpoint-config" => arns.EndpointConfigArn(name),
            _ => arns.ModelArn(name),
        };
        return AccessPolicy.AllowsResource(key, type, name, arn)
            ? null
            : Denied(key, service, operation, arn, "no entry of its resources list matches the resource");
    }

    private static AuthFailure Denied(AccessKey key, string service, string operation, string? resource, string why) =>
        new(AuthFailureKind.AccessDenied,
            $"User: {key.AccessKeyId} is not authorized to perform: {service}:{operation}{(resource is null ? string.Empty : " on resource: " + resource)} because {why}.",
            AccessKeyId: key.AccessKeyId);

    /// <summary>The raw path and query as sent: SigV4 signs what the client put on the wire, not Kestrel's decoded Path.</summary>
    private static (string Path, string Query) SplitTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return (context.Request.Path.ToUriComponent(), context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty);
        }

        if (raw[0] != '/')
        {
            // Absolute-form (http://host/path): keep the path.
            var scheme = raw.IndexOf("://", StringComparison.Ordinal);
            var slash = scheme < 0 ? -1 : raw.IndexOf('/', scheme + 3);
            raw = slash < 0 ? "/" : raw[slash..];
        }

        var question = raw.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (raw, string.Empty) : (raw[..question], raw[(question + 1)..]);
    }

    /// <summary>The Action parameter of a query-protocol request, from the URL or the form body.</summary>
    private static string? QueryAction(ReadOnlySpan<char> rawQuery, BufferedBody? body)
    {
        var fromQuery = FormValue(Encoding.ASCII.GetBytes(rawQuery.ToString()), "Action"u8);
        return fromQuery ?? (body is null ? null : FormValue(body.Span, "Action"u8));
    }

    private static string? FormValue(ReadOnlySpan<byte> form, ReadOnlySpan<byte> name)
    {
        foreach (var range in form.Split((byte)'&'))
        {
            var pair = form[range];
            if (pair.Length > name.Length && pair[name.Length] == '=' && pair.StartsWith(name))
            {
                return Uri.UnescapeDataString(Encoding.UTF8.GetString(pair[(name.Length + 1)..]).Replace('+', ' '));
            }
        }

        return null;
    }

    /// <summary>
    /// A top-level string member of a JSON body; null when absent, repeated or the body is not JSON. The whole
    /// body is scanned: System.Text.Json binds the last of repeated members, so checking only the first would
    /// let {"EndpointName":"mine","EndpointName":"theirs"} through.
    /// </summary>
    private static string? JsonMember(BufferedBody? body, string member)
    {
        if (body is null || body.Length == 0)
        {
            return null;
        }

        string? found = null;
        var count = 0;
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(member))
                {
                    count++;
                    found = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return count == 1 ? found : null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 710, Level = LogLevel.Information, Message = "SigV4 refused {Method} {Path} ({Api}) from {Remote}: {Code} (key {AccessKeyId}): {Reason}")]
        public static partial void Refused(ILogger logger, string method, string path, ApiKind api, string remote, string code, string accessKeyId, string reason);
    }
}
