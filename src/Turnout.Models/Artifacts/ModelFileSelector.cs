namespace Turnout.Models.Artifacts;

/// <summary>Picks the model file in an unpacked model directory the way SageMaker's XGBoost container does:
/// <c>xgboost-model</c> if present, otherwise the first top-level regular file whose name does not start with '.'.</summary>
internal static class ModelFileSelector
{
    public const string PreferredName = "xgboost-model";

    public static string Select(string directory, string url)
    {
        string preferred = Path.Combine(directory, PreferredName);
        if (File.Exists(preferred))
        {
            return preferred;
        }

        // Ordinal order, so the choice does not depend on the file system's listing order.
        var candidates = Directory.GetFiles(directory)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new ModelLoadException(
                $"model artifact {url}: no model file at the top level (expected '{PreferredName}' or another file not starting with '.')");
        }

        return candidates[0];
    }
}
