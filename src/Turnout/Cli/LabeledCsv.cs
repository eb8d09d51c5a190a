using System.Globalization;

namespace Turnout.Cli;

/// <summary>
/// A labelled CSV file: one row per line, the label in one column, the model's features in the others (in
/// their original order, which is what gets sent). A first line whose label is not a number is a header.
/// </summary>
internal sealed record LabeledCsv(IReadOnlyList<string> Payloads, IReadOnlyList<double> Labels, bool HadHeader)
{
    public static LabeledCsv Read(string path, int labelColumn)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--data: file '{path}' not found.");
        }

        var payloads = new List<string>();
        var labels = new List<double>();
        var header = false;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (labelColumn >= fields.Length)
            {
                throw new UsageException($"{path}:{lineNumber}: --label-column {labelColumn} but the line has {fields.Length} columns.");
            }

            if (!double.TryParse(fields[labelColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var label))
            {
                if (payloads.Count == 0 && !header)
                {
                    header = true;
                    continue;
                }

                throw new UsageException($"{path}:{lineNumber}: label '{fields[labelColumn]}' in column {labelColumn} is not a number.");
            }

            labels.Add(label);
            payloads.Add(string.Join(',', fields.Where((_, i) => i != labelColumn)));
        }

        if (payloads.Count == 0)
        {
            throw new UsageException($"{path}: no data rows.");
        }

        return new LabeledCsv(payloads, labels, header);
    }
}
