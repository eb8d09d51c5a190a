namespace Turnout.TestSupport;

/// <summary>
/// Where the repository and the built server are, found from the test assembly. Linked into the Browser and
/// EndToEnd test projects; each adds its own asset paths in a partial of this class.
/// </summary>
internal static partial class RepoPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    /// <summary>The server built by the ProjectReference, in the same configuration as these tests.</summary>
    public static string TurnoutDll => Path.Combine(Root, "src", "Turnout", "bin", Configuration, "net10.0", "turnout.dll");

    public static string Examples => Path.Combine(Root, "examples", "churn-ab");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Turnout.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Turnout.slnx above {AppContext.BaseDirectory}.");
    }
}
