namespace Turnout.Wire.Auth;

/// <summary>
/// A parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c> header.
/// Holds ranges into the header string rather than substrings so parsing allocates nothing.
/// </summary>
internal readonly struct SigV4Authorization
{
    public SigV4Authorization(string header, Range accessKeyId, Range date, Range region, Range service, Range signedHeaders, Range signature)
    {
        Header = header;
        AccessKeyIdRange = accessKeyId;
        DateRange = date;
        RegionRange = region;
        ServiceRange = service;
        SignedHeadersRange = signedHeaders;
        SignatureRange = signature;
    }

    public string Header { get; }
    public Range AccessKeyIdRange { get; }
    public Range DateRange { get; }
    public Range RegionRange { get; }
    public Range ServiceRange { get; }
    public Range SignedHeadersRange { get; }
    public Range SignatureRange { get; }

    public ReadOnlySpan<char> AccessKeyId => Header.AsSpan()[AccessKeyIdRange];
    public ReadOnlySpan<char> Date => Header.AsSpan()[DateRange];
    public ReadOnlySpan<char> Region => Header.AsSpan()[RegionRange];
    public ReadOnlySpan<char> Service => Header.AsSpan()[ServiceRange];
    public ReadOnlySpan<char> SignedHeaders => Header.AsSpan()[SignedHeadersRange];

    /// <summary>64 hex digits (validated by the parser).</summary>
    public ReadOnlySpan<char> Signature => Header.AsSpan()[SignatureRange];

    /// <summary><c>date/region/service/aws4_request</c>, the credential scope of the string to sign.</summary>
    public ReadOnlySpan<char> Scope => Header.AsSpan()[DateRange.Start..(ServiceRange.End.Value + "/aws4_request".Length)];
}
