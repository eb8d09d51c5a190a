using System.Text.Json;
using Turnout.Tests.Models;

namespace Turnout.Tests.Analysis;

/// <summary>Reads tests/fixtures/analysis/*.json (written by tools/fixtures/gen_analysis_fixtures.py).</summary>
internal static class AnalysisFixtures
{
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "fixtures", "analysis", file))).RootElement.Clone();

    public static JsonElement Case(string file, string name) =>
        Load(file).GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> CaseNames(string file)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(file).GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("name").GetString()!);
        }

        return data;
    }

    /// <summary>A JSON number, or NaN for null (the generator writes NaN as null).</summary>
    public static double Number(this JsonElement e, string property)
    {
        var value = e.GetProperty(property);
        return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
    }

    public static double[] Doubles(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e, string property) =>
        e.GetProperty(property).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>Asserts |expected − actual| ≤ tolerance; NaN only matches NaN.</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            Assert.True(double.IsNaN(expected) && double.IsNaN(actual), $"{what}: expected {expected}, got {actual}");
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (|Δ| = {Math.Abs(expected - actual):E2})");
    }
}
