namespace Turnout.Tests.Auth;

/// <summary>A credentials file for a test server and the key its HttpClient signs with.</summary>
public sealed record TestCredentials(string File, string AccessKeyId, string Secret);
