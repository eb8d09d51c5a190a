namespace Turnout.Wire.Auth;

/// <summary>A request whose header, date and key checked out; what is left is hashing the body and the signature itself.</summary>
internal readonly record struct PendingSignature(SigV4Authorization Authorization, AccessKey Key, string Timestamp, PayloadMode Payload, string? DeclaredHash)
{
    public bool NeedsBody => Payload != PayloadMode.Unsigned;
}
