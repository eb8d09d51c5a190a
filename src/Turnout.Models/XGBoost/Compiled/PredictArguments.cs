namespace Turnout.Models.XGBoost.Compiled;

internal static class PredictArguments
{
    public static void Check(ReadOnlySpan<float> features, int rowCount, int featureCount, Span<float> output, int outputCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if ((long)rowCount * featureCount > features.Length)
        {
            throw new ArgumentException(
                $"{rowCount} rows of {featureCount} features need {(long)rowCount * featureCount} values; got {features.Length}",
                nameof(features));
        }

        if ((long)rowCount * outputCount > output.Length)
        {
            throw new ArgumentException(
                $"{rowCount} rows of {outputCount} outputs need {(long)rowCount * outputCount} values; got {output.Length}",
                nameof(output));
        }
    }
}
