using System.Reflection;

namespace Turnout.Cli.Demo;

/// <summary>The AWS notebook's two churn models and its labelled test rows, embedded in the binary.</summary>
internal static class DemoAssets
{
    public const string Model1 = "demo/model1.tar.gz";
    public const string Model2 = "demo/model2.tar.gz";
    public const string TestData = "demo/test-dataset.csv";

    /// <summary>Writes the embedded resource to <paramref name="directory"/> and returns its path.</summary>
    public static string Extract(string resource, string directory)
    {
        var path = Path.Combine(directory, Path.GetFileName(resource));
        using var source = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"resource {resource} is missing from the turnout binary; rebuild it.");
        using var target = File.Create(path);
        source.CopyTo(target);
        return path;
    }

    /// <summary>The labelled rows (label in column 0) and the same rows without the label, as requests send them.</summary>
    public static (string LabelledPath, IReadOnlyList<string> Inputs) TestRows(string directory)
    {
        var path = Extract(TestData, directory);
        var inputs = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]).ToList();
        return (path, inputs);
    }
}
