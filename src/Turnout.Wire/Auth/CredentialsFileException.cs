namespace Turnout.Wire.Auth;

/// <summary>The credentials file is unreadable or invalid. Messages never quote a secret.</summary>
public sealed class CredentialsFileException(string message) : Exception(message);
