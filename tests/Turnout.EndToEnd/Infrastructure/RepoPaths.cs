namespace Turnout.EndToEnd.Infrastructure;

/// <summary>Where the repository, the built server and the test assets are, found from the test assembly.</summary>
internal static class RepoPaths
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

    public static string Clients => Path.Combine(Root, "tests", "Turnout.EndToEnd", "clients");

    public static string ExpectedPredictions => Path.Combine(Clients, "expected_predictions.csv");

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
