namespace Turnout.Wire.Auth;

/// <summary>How the payload enters the canonical request.</summary>
internal enum PayloadMode
{
    /// <summary>No x-amz-content-sha256 (every non-S3 botocore request): Turnout hashes the body itself.</summary>
    Compute,

    /// <summary>x-amz-content-sha256 carries a hex hash: used as sent, and the body must match it.</summary>
    Declared,

    /// <summary>x-amz-content-sha256: UNSIGNED-PAYLOAD (accepted over TLS only).</summary>
    Unsigned,
}
