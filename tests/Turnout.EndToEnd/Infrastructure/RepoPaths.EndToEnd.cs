namespace Turnout.TestSupport;

/// <summary>The end-to-end tests' own paths; the shared part is tests/Shared/RepoPaths.cs.</summary>
internal static partial class RepoPaths
{
    public static string Clients => Path.Combine(Root, "tests", "Turnout.EndToEnd", "clients");

    public static string ExpectedPredictions => Path.Combine(Clients, "expected_predictions.csv");
}
