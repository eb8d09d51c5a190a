namespace Turnout.Wire.Auth;

/// <summary>A refusal: the message goes to the caller, <see cref="Detail"/> (canonical request, string to sign) too, but not to the log.</summary>
internal sealed record AuthFailure(AuthFailureKind Kind, string Message, string? Detail = null, string? AccessKeyId = null)
{
    public int StatusCode => Kind switch
    {
        AuthFailureKind.IncompleteSignature => 400,
        AuthFailureKind.PayloadTooLarge => 400,
        _ => 403,
    };

    /// <summary>The code of AWS's JSON protocols (SageMaker, the runtime, CloudWatch JSON/CBOR __type).</summary>
    public string JsonCode => Kind switch
    {
        AuthFailureKind.MissingToken => "MissingAuthenticationTokenException",
        AuthFailureKind.IncompleteSignature => "IncompleteSignatureException",
        AuthFailureKind.InvalidSignature => "InvalidSignatureException",
        AuthFailureKind.UnrecognizedClient => "UnrecognizedClientException",
        AuthFailureKind.AccessDenied => "AccessDeniedException",
        _ => "ValidationException",
    };

    /// <summary>The code of the query protocol (CloudWatch's XML, and x-amzn-query-error for its JSON/CBOR clients).</summary>
    public string QueryCode => Kind switch
    {
        AuthFailureKind.MissingToken => "MissingAuthenticationToken",
        AuthFailureKind.IncompleteSignature => "IncompleteSignature",
        AuthFailureKind.InvalidSignature => "SignatureDoesNotMatch",
        AuthFailureKind.UnrecognizedClient => "InvalidClientTokenId",
        AuthFailureKind.AccessDenied => "AccessDenied",
        _ => "InvalidParameterValue",
    };

    public string FullMessage => Detail is null ? Message : Message + Detail;
}
