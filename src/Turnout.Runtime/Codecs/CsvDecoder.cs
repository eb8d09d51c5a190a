namespace Turnout.Runtime.Codecs;

/// <summary>
/// Decodes a text/csv payload (one row per line, no label column) straight into a float32 feature
/// matrix. Values go decimal → double → float32, as numpy and the SageMaker container do, so
/// thresholds compare exactly as they do in XGBoost; an empty field is missing (NaN).
/// </summary>
public static class CsvDecoder
{
    /// <summary>csv.Sniffer's preferred delimiters in its order, then '|'.</summary>
    private static ReadOnlySpan<byte> Delimiters => [(byte)',', (byte)'\t', (byte)';', (byte)' ', (byte)':', (byte)'|'];

    /// <summary>An upper bound on the rows in <paramref name="body"/>, for sizing the feature buffer.</summary>
    public static int MaxRows(ReadOnlySpan<byte> body) => body.Count((byte)'\n') + 1;

    /// <summary>
    /// Parses <paramref name="body"/> into <paramref name="features"/> (row-major, <paramref name="featureCount"/> per row).
    /// With <paramref name="acceptOneFewer"/>, rows of featureCount-1 columns are accepted and the last feature is missing.
    /// Returns the row count, or null with <paramref name="error"/> set.
    /// </summary>
    public static int? Decode(ReadOnlySpan<byte> body, int featureCount, bool acceptOneFewer, Span<float> features, out DecodeError? error)
    {
        error = null;
        var delimiter = SniffDelimiter(body);
        var rows = 0;
        var lineNumber = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            lineNumber++;
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var row = features.Slice(rows * featureCount, featureCount);
            var columns = 0;
            while (true)
            {
                if (columns == featureCount)
                {
                    error = FeatureCountError(CountColumns(line, delimiter) + columns, featureCount);
                    return null;
                }

                // The common field, a plain number up to the delimiter, in one pass; anything else (spaces,
                // empty, words, long mantissas) takes the general path below.
                if (Utf8FloatParser.TryParsePrefix(line, out var number, out var used) && (used == line.Length || line[used] == delimiter))
                {
                    row[columns++] = (float)number;
                    if (used == line.Length)
                    {
                        break;
                    }

                    line = line[(used + 1)..];
                    continue;
                }

                var end = line.IndexOf(delimiter);
                var field = end < 0 ? line : line[..end];
                if (!TryParseField(field, out row[columns]))
                {
                    error = new DecodeError(415, lineNumber == 1 && rows == 0
                        ? $"Unable to parse the CSV payload: '{Printable(field)}' in line 1 is not a number. Send rows of numbers only; a header line is not accepted."
                        : $"Unable to parse the CSV payload: '{Printable(field)}' in line {lineNumber}, column {columns + 1} is not a number.");
                    return null;
                }

                columns++;
                if (end < 0)
                {
                    break;
                }

                line = line[(end + 1)..];
            }

            if (columns != featureCount)
            {
                if (!(acceptOneFewer && columns == featureCount - 1))
                {
                    error = FeatureCountError(columns, featureCount);
                    return null;
                }

                row[columns] = float.NaN;
            }

            rows++;
        }

        if (rows == 0)
        {
            error = new DecodeError(400, "The CSV payload has no rows. Send one row of features per line.");
            return null;
        }

        return rows;
    }

    private static bool TryParseField(ReadOnlySpan<byte> field, out float value)
    {
        field = field.Trim((byte)' ');
        if (field.IsEmpty)
        {
            value = float.NaN;
            return true;
        }

        return Utf8FloatParser.TryParse(field, out value);
    }

    private static byte SniffDelimiter(ReadOnlySpan<byte> body)
    {
        var newline = body.IndexOf((byte)'\n');
        var firstLine = (newline < 0 ? body : body[..newline]).Trim((byte)' ');
        foreach (var d in Delimiters)
        {
            if (firstLine.Contains(d))
            {
                return d;
            }
        }

        return (byte)',';
    }

    private static int CountColumns(ReadOnlySpan<byte> line, byte delimiter) => line.Count(delimiter) + 1;

    private static DecodeError FeatureCountError(int columns, int featureCount) => new(400,
        $"Unable to evaluate payload provided: Feature size of csv inference data {columns} is not consistent with feature size of trained model {featureCount}.");

    private static string Printable(ReadOnlySpan<byte> field)
    {
        var text = System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
        return field.Length > 40 ? text + "…" : text;
    }
}
