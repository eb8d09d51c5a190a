namespace Turnout.Wire.Auth;

/// <summary>Why a request was refused; each maps to AWS's code for the caller's protocol.</summary>
internal enum AuthFailureKind
{
    MissingToken,
    IncompleteSignature,
    InvalidSignature,
    UnrecognizedClient,
    AccessDenied,

    /// <summary>The body exceeds what the API accepts, found while reading it to check its hash.</summary>
    PayloadTooLarge,
}
