using System.Security.Cryptography;
using System.Text;

namespace Turnout.Wire.Auth;

/// <summary>
/// One key from the credentials file. The secret is kept only as the bytes of "AWS4" + secret (the HMAC
/// key SigV4 starts from), never as a string, and <see cref="ToString"/> shows the key id only, so the
/// secret cannot end up in a log line or an error by accident.
/// </summary>
internal sealed class AccessKey
{
    private readonly byte[] _secretKey;
    private readonly SigningKeyCache _signingKeys = new();

    public AccessKey(string accessKeyId, string secretAccessKey, IReadOnlyList<string>? allow, IReadOnlyList<string>? resources)
    {
        AccessKeyId = accessKeyId;
        _secretKey = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        Allow = allow;
        Resources = resources;
    }

    public string AccessKeyId { get; }

    /// <summary>Action patterns (<c>sagemaker:*</c>, <c>cloudwatch:Get*</c>); null allows every action.</summary>
    public IReadOnlyList<string>? Allow { get; }

    /// <summary>Resource patterns (names, <c>endpoint/prod-*</c>, ARN patterns); null allows every resource.</summary>
    public IReadOnlyList<string>? Resources { get; }

    /// <summary>True when both keys hold the same secret (constant time), for reload diagnostics.</summary>
    public bool SameSecret(AccessKey other) => CryptographicOperations.FixedTimeEquals(_secretKey, other._secretKey);

    /// <summary>
    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request"), cached per
    /// scope: four HMACs per request would otherwise be most of the cost of verifying a signature.
    /// </summary>
    public ReadOnlySpan<byte> SigningKey(ReadOnlySpan<char> scope) => _signingKeys.Get(scope, _secretKey);

    public override string ToString() => $"AccessKey({AccessKeyId})";
}
