namespace Turnout.TestSupport;

/// <summary>The browser tests' own paths; the shared part is tests/Shared/RepoPaths.cs.</summary>
internal static partial class RepoPaths
{
    /// <summary>Screenshots kept as CI artefacts.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
}
