using System.Globalization;

namespace Turnout.Tests.Models;

/// <summary>Reads fixture CSVs: empty field or "nan" means missing, "inf"/"-inf" as Python prints them; numbers go decimal → double → float32,
/// as numpy and SageMaker's containers do.</summary>
internal sealed class FixtureCsv
{
    private FixtureCsv(float[] values, int rows, int columns)
    {
        Values = values;
        Rows = rows;
        Columns = columns;
    }

    public float[] Values { get; }

    public int Rows { get; }

    public int Columns { get; }

    public static FixtureCsv Read(string path, int skipColumns = 0, float? missing = null)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        int columns = lines[0].Split(',').Length - skipColumns;
        var values = new float[lines.Length * columns];
        for (int r = 0; r < lines.Length; r++)
        {
            var cells = lines[r].Split(',');
            Assert.Equal(columns + skipColumns, cells.Length);
            for (int c = 0; c < columns; c++)
            {
                string cell = cells[c + skipColumns].Trim();
                values[(r * columns) + c] = cell.ToLowerInvariant() switch
                {
                    "" or "nan" => float.NaN,
                    "inf" => float.PositiveInfinity,
                    "-inf" => float.NegativeInfinity,
                    _ => (float)double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture),
                };
                if (values[(r * columns) + c] == missing)
                {
                    values[(r * columns) + c] = float.NaN;
                }
            }
        }

        return new FixtureCsv(values, lines.Length, columns);
    }
}
