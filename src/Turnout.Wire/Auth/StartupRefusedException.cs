namespace Turnout.Wire.Auth;

/// <summary>Turnout will not start with this configuration (unsafe binding, unusable TLS or credentials); the message says why and what to do.</summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner);
