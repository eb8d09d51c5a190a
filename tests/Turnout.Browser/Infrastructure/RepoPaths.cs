namespace Turnout.Browser.Infrastructure;

/// <summary>Where the repository, the built server and the churn example are, found from the test assembly.</summary>
internal static class RepoPaths
{
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string TurnoutDll => Path.Combine(Root, "src", "Turnout", "bin", Configuration, "net10.0", "turnout.dll");

    public static string Examples => Path.Combine(Root, "examples", "churn-ab");

    /// <summary>Screenshots kept as CI artefacts.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

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
