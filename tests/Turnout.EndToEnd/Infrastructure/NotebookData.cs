using System.Globalization;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>The notebook's test rows and libxgboost 1.7.4's predictions for them (clients/expected_predictions.csv).</summary>
internal static class NotebookData
{
    private static readonly Lazy<IReadOnlyList<ExpectedRow>> RowsLazy = new(Load);

    /// <summary>Every line of test-dataset-input-cols.csv (the first one too: it is numeric), with both models' predictions.</summary>
    public static IReadOnlyList<ExpectedRow> Rows => RowsLazy.Value;

    private static IReadOnlyList<ExpectedRow> Load()
    {
        var rows = new List<ExpectedRow>();
        foreach (var line in File.ReadLines(RepoPaths.ExpectedPredictions).Skip(1))
        {
            // line,Variant1,Variant2,"features…"
            var parts = line.Split(',', 4);
            rows.Add(new ExpectedRow(
                int.Parse(parts[0], CultureInfo.InvariantCulture),
                double.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture),
                parts[3].Trim('"')));
        }

        return rows;
    }
}
