using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Turnout.Runtime.Capture;

/// <summary>
/// Reads an endpoint's capture files back (any JSON-lines reader could) and extracts each record's
/// prediction: the first row of a CSV output (one value, or class probabilities), or the first
/// <c>predictions</c> entry of a JSON output. Unreadable lines are skipped and counted.
/// </summary>
public static class CaptureReader
{
    public static (List<CapturedPrediction> Predictions, int Skipped) Read(string destinationDirectory, string endpointName, DateTimeOffset? from, DateTimeOffset? to)
    {
        var predictions = new List<CapturedPrediction>();
        var skipped = 0;
        var root = Path.Combine(destinationDirectory, endpointName);
        if (!Directory.Exists(root))
        {
            return (predictions, 0);
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories))
        {
            foreach (var line in ReadLinesShared(file))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                if (TryParse(line, Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)[0], out var prediction) &&
                    (from is null || prediction.Time >= from) && (to is null || prediction.Time < to))
                {
                    predictions.Add(prediction);
                }
                else if (prediction is null)
                {
                    skipped++;
                }
            }
        }

        return (predictions, skipped);
    }

    private static IEnumerable<string> ReadLinesShared(string path)
    {
        // The writer may be appending; share the file and ignore a half-written last line.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static bool TryParse(string line, string variant, out CapturedPrediction prediction)
    {
        prediction = null!;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var meta = root.GetProperty("eventMetadata");
            if (!root.GetProperty("captureData").TryGetProperty("endpointOutput", out var output))
            {
                return false;
            }

            var values = Values(output.GetProperty("data").GetString() ?? string.Empty, output.GetProperty("encoding").GetString());
            if (values.Count == 0)
            {
                return false;
            }

            prediction = new CapturedPrediction(
                variant,
                meta.GetProperty("eventId").GetString()!,
                meta.TryGetProperty("inferenceId", out var id) ? id.GetString() : null,
                DateTimeOffset.Parse(meta.GetProperty("inferenceTime").GetString()!, CultureInfo.InvariantCulture),
                values);
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static List<double> Values(string data, string? encoding)
    {
        var values = new List<double>();
        if (encoding == "JSON")
        {
            using var doc = JsonDocument.Parse(data);
            var first = doc.RootElement.GetProperty("predictions")[0];
            if (first.ValueKind == JsonValueKind.Number)
            {
                values.Add(first.GetDouble());
            }
            else if (first.TryGetProperty("probabilities", out var probabilities))
            {
                values.AddRange(probabilities.EnumerateArray().Select(p => p.GetDouble()));
            }
            else
            {
                values.Add(first.GetProperty("score").GetDouble());
            }

            return values;
        }

        // CSV: a single-row answer; multi-class rows are comma-separated probabilities.
        var firstLine = data.Split('\n', 2)[0];
        foreach (var field in firstLine.Split(','))
        {
            if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                values.Add(v);
            }
        }

        return values;
    }
}
