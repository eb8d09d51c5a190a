using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Turnout.Wire.CloudWatch.Cbor;
using Turnout.Wire.CloudWatch.Model;
using Turnout.Wire.CloudWatch.Query;
using Turnout.Wire.Runtime;

namespace Turnout.Wire.Auth;

/// <summary>
/// Writes a refusal in the error shape of the caller's protocol, so botocore surfaces AWS's code:
/// JSON 1.1 <c>__type</c> (control plane), <c>x-amzn-ErrorType</c> (runtime), <c>&lt;ErrorResponse&gt;</c>
/// (CloudWatch query), and for CloudWatch JSON 1.0/CBOR the <c>x-amzn-query-error</c> header that
/// awsQueryCompatible clients read the query code from.
/// </summary>
internal static class AuthErrorWriter
{
    public static async Task WriteAsync(HttpContext context, ApiKind api, AuthFailure failure)
    {
        var response = context.Response;
        var requestId = Guid.NewGuid().ToString();
        response.Headers["x-amzn-RequestId"] = requestId;
        var message = failure.FullMessage;
        switch (api)
        {
            case ApiKind.Runtime:
                await RuntimeErrors.WriteAsync(context, failure.StatusCode,
                    failure.Kind == AuthFailureKind.PayloadTooLarge ? "ValidationError" : failure.JsonCode, message).ConfigureAwait(false);
                return;

            case ApiKind.CloudWatchQuery:
            {
                response.StatusCode = failure.StatusCode;
                response.ContentType = "text/xml";
                var body = QueryXmlWriter.WriteError(new CloudWatchException(failure.QueryCode, message, failure.StatusCode), requestId);
                await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            case ApiKind.CloudWatchJson or ApiKind.CloudWatchCbor:
            {
                response.StatusCode = failure.StatusCode;
                response.Headers["x-amzn-query-error"] = failure.QueryCode + ";Sender";
                var type = "com.amazonaws.cloudwatch#" + (failure.Kind == AuthFailureKind.PayloadTooLarge ? "InvalidParameterValueException" : failure.JsonCode);
                byte[] body;
                if (api == ApiKind.CloudWatchCbor)
                {
                    response.Headers["smithy-protocol"] = "rpc-v2-cbor";
                    response.ContentType = "application/cbor";
                    var writer = new CborWriter();
                    writer.WriteStartMap(2);
                    writer.WriteTextString("__type");
                    writer.WriteTextString(type);
                    writer.WriteTextString("message");
                    writer.WriteTextString(message);
                    body = writer.ToArray();
                }
                else
                {
                    response.ContentType = "application/x-amz-json-1.0";
                    body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = type, ["message"] = message });
                }

                await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            default:
                response.StatusCode = failure.StatusCode;
                response.ContentType = "application/x-amz-json-1.1";
                await response.Body.WriteAsync(
                    JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = failure.JsonCode, ["message"] = message }),
                    context.RequestAborted).ConfigureAwait(false);
                return;
        }
    }
}
