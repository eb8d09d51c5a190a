using System.Text.Json;

namespace Turnout.Tests.Models;

/// <summary>One directory under tests/fixtures/xgboost written by tools/fixtures/gen_xgboost_fixtures.py.</summary>
internal sealed record FixtureCase(string Name, string Directory, string Objective, int NumFeature, int OutputCount, string[] Files, float? Missing = null)
{
    public static IReadOnlyList<FixtureCase> All { get; } = Load();

    /// <summary>The input rows; a case's user missing value (DMatrix(missing=m)) is mapped to NaN, as TURNOUT_MISSING_VALUE does when serving.</summary>
    public FixtureCsv Input => FixtureCsv.Read(Path.Combine(Directory, "input.csv"), missing: Missing);

    public FixtureCsv Expected => FixtureCsv.Read(Path.Combine(Directory, "expected.csv"));

    public FixtureCsv ExpectedMargin => FixtureCsv.Read(Path.Combine(Directory, "expected_margin.csv"));

    public byte[] ReadModel(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    private static List<FixtureCase> Load()
    {
        var cases = new List<FixtureCase>();
        foreach (string dir in System.IO.Directory.GetDirectories(RepoPaths.XGBoostFixtures).Order(StringComparer.Ordinal))
        {
            string meta = Path.Combine(dir, "case.json");
            if (!File.Exists(meta))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(File.ReadAllBytes(meta));
            var root = doc.RootElement;
            cases.Add(new FixtureCase(
                Path.GetFileName(dir),
                dir,
                root.GetProperty("objective").GetString()!,
                root.GetProperty("num_feature").GetInt32(),
                root.GetProperty("output_count").GetInt32(),
                root.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray(),
                root.TryGetProperty("missing", out var missing) ? missing.GetSingle() : null));
        }

        return cases;
    }
}
