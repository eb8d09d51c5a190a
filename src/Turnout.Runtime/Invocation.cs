using System.Buffers;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;

namespace Turnout.Runtime;

/// <summary>
/// The model part of one invocation, free of HTTP: decode the payload straight into a pooled feature
/// matrix, predict on the chosen instance, encode the predictions. What the container would do.
/// </summary>
public static class Invocation
{
    /// <summary>Runs the model on <paramref name="body"/>; on success the response bytes are in <paramref name="output"/>.</summary>
    public static DecodeError? Run(VariantRoute variant, ModelInstance instance, ReadOnlySpan<byte> body, PooledByteWriter output)
    {
        var predictor = instance.Predictor;
        var featureCount = predictor.FeatureCount;
        // A row of n features needs at least n-1 bytes, so this bounds the buffer whatever the payload says.
        var maxRows = Math.Min(CsvDecoder.MaxRows(body), body.Length / Math.Max(1, featureCount - 1) + 1);
        var features = ArrayPool<float>.Shared.Rent(maxRows * featureCount);
        float[]? predictions = null;
        try
        {
            var rows = CsvDecoder.Decode(body, featureCount, variant.AcceptsOneFewerColumn, features, out var error);
            if (rows is not { } rowCount)
            {
                return error;
            }

            predictions = ArrayPool<float>.Shared.Rent(rowCount * predictor.OutputCount);
            predictor.Predict(features.AsSpan(0, rowCount * featureCount), rowCount, predictions);
            CsvEncoder.Write(output, predictions.AsSpan(0, rowCount * predictor.OutputCount), rowCount, predictor.OutputCount, variant.OutputStyle);
            return null;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(features);
            if (predictions is not null)
            {
                ArrayPool<float>.Shared.Return(predictions);
            }
        }
    }
}
