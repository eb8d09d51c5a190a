using System.Globalization;

namespace Turnout.Cli;

/// <summary>
/// Sends every row to every variant with the TargetVariant header, what the AWS notebook does by hand, with a
/// few requests in flight. Rows are interleaved across variants so both progress bars move together.
/// </summary>
internal static class EvaluateReplay
{
    private static readonly char[] Separators = [',', '\n', '\r', ' ', '\t'];

    /// <returns>predictions[variant][row]: the values the model returned for that row.</returns>
    public static async Task<double[][][]> RunAsync(SageMakerClient client, string endpoint, IReadOnlyList<string> variants, IReadOnlyList<string> payloads,
        int concurrency, Action<string> advance, CancellationToken cancellationToken)
    {
        var results = variants.Select(_ => new double[payloads.Count][]).ToArray();
        var work = Enumerable.Range(0, variants.Count * payloads.Count);
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (k, ct) =>
        {
            var (row, v) = (k / variants.Count, k % variants.Count);
            var body = await client.InvokeAsync(endpoint, variants[v], payloads[row], ct).ConfigureAwait(false);
            results[v][row] = Parse(body, variants[v], row);
            advance(variants[v]);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>A text/csv or JSON-array body with one or more numbers ("0.37", "0.37\n", "[0.1,0.9]").</summary>
    internal static double[] Parse(string body, string variant, int row)
    {
        var parts = body.Trim().Trim('[', ']').Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new EndpointException($"{variant} returned a prediction that is not a number for row {row + 1}: '{Truncate(body)}'.");
            }
        }

        return values.Length > 0 ? values : throw new EndpointException($"{variant} returned an empty prediction for row {row + 1}.");
    }

    private static string Truncate(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
