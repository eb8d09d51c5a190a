namespace Turnout.EndToEnd.Infrastructure;

/// <summary>What a probe of an installed client found: its path and version, or why it is unusable.</summary>
internal sealed record ClientProbe(string? Path, string Version, string? Problem)
{
    public bool Usable => Problem is null;
}
