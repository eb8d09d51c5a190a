namespace Turnout.Tests.Models;

/// <summary>Locates the repository root (the directory holding Turnout.slnx) from the test binaries.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string XGBoostFixtures => Path.Combine(Root, "tests", "fixtures", "xgboost");

    public static string ChurnModel(int variant) =>
        Path.Combine(Root, "examples", "churn-ab", "model", variant == 1 ? "xgb-churn-prediction-model.tar.gz" : "xgb-churn-prediction-model2.tar.gz");

    public static string ChurnTestData => Path.Combine(Root, "examples", "churn-ab", "test_data", "test-dataset.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Turnout.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Turnout.slnx not found above {AppContext.BaseDirectory}");
    }
}
