using System.Buffers;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;

namespace Turnout.Runtime;

/// <summary>
/// The model part of one invocation, free of HTTP: pick the formats from Content-Type and Accept, decode the
/// payload straight into a pooled feature matrix, predict on the chosen instance, encode the predictions.
/// What the SageMaker XGBoost container would do.
/// </summary>
public static class Invocation
{
    /// <summary>A text/csv request answered in the variant's default format.</summary>
    public static DecodeError? Run(VariantRoute variant, ModelInstance instance, ReadOnlySpan<byte> body, PooledByteWriter output) =>
        Run(variant, instance, body, MediaTypes.Csv, null, output, out _);

    /// <summary>
    /// Runs the model on <paramref name="body"/>. On success the response bytes are in <paramref name="output"/>
    /// and <paramref name="responseContentType"/> is their media type; otherwise the container's error
    /// (415 bad Content-Type or undecodable body, 400 unusable rows, 406 unsupported Accept).
    /// </summary>
    public static DecodeError? Run(
        VariantRoute variant, ModelInstance instance, ReadOnlySpan<byte> body, string? contentType, string? accept,
        PooledByteWriter output, out string responseContentType)
    {
        responseContentType = MediaTypes.Csv;
        if (!MediaTypes.TryGetPayloadFormat(contentType, out var format, out var error))
        {
            return error;
        }

        // Containers before 1.2-2 ignore Accept and always answer text/csv.
        var response = ResponseFormat.Csv;
        if (variant.OutputStyle == OutputStyle.LinePerRow
            && !MediaTypes.TryGetResponseFormat(accept, variant.DefaultAccept, out response, out error))
        {
            return error;
        }

        responseContentType = MediaTypes.ContentType(response);
        var predictor = instance.Predictor;
        var featureCount = predictor.FeatureCount;
        var rows = new FeatureRows(featureCount, format == PayloadFormat.Csv ? 0 : 16);
        float[]? predictions = null;
        try
        {
            error = Decode(format, body, featureCount, variant.AcceptsOneFewerColumn, ref rows);
            if (error is not null)
            {
                return error;
            }

            rows.MarkMissing(variant.MissingValue);
            var rowCount = rows.Count;
            var outputCount = predictor.OutputCount;
            predictions = ArrayPool<float>.Shared.Rent(rowCount * outputCount);
            var values = predictions.AsSpan(0, rowCount * outputCount);
            predictor.Predict(rows.Values, rowCount, values);
            switch (response)
            {
                case ResponseFormat.Json:
                    JsonEncoder.Write(output, values, rowCount, outputCount);
                    break;
                case ResponseFormat.JsonLines:
                    JsonLinesEncoder.Write(output, values, rowCount, outputCount);
                    break;
                case ResponseFormat.RecordIOProtobuf:
                    RecordIOProtobufEncoder.Write(output, values, rowCount, outputCount);
                    break;
                default:
                    CsvEncoder.Write(output, values, rowCount, outputCount, variant.OutputStyle);
                    break;
            }

            return null;
        }
        finally
        {
            rows.Dispose();
            if (predictions is not null)
            {
                ArrayPool<float>.Shared.Return(predictions);
            }
        }
    }

    private static DecodeError? Decode(PayloadFormat format, ReadOnlySpan<byte> body, int featureCount, bool acceptsOneFewer, ref FeatureRows rows)
    {
        switch (format)
        {
            case PayloadFormat.Csv:
                // A row of n features needs at least n-1 bytes, so this bounds the buffer whatever the payload says.
                var maxRows = Math.Min(CsvDecoder.MaxRows(body), body.Length / Math.Max(1, featureCount - 1) + 1);
                var decoded = CsvDecoder.Decode(body, featureCount, acceptsOneFewer, rows.Reserve(maxRows), out var error);
                if (decoded is { } count)
                {
                    rows.Commit(count);
                }

                return error;
            case PayloadFormat.LibSvm:
                return LibSvmDecoder.Decode(body, ref rows);
            case PayloadFormat.RecordIOProtobuf:
                return RecordIOProtobufDecoder.Decode(body, ref rows, acceptsOneFewer);
            case PayloadFormat.Json:
                return JsonDecoder.Decode(body, ref rows, acceptsOneFewer);
            default:
                return JsonLinesDecoder.Decode(body, ref rows, acceptsOneFewer);
        }
    }
}
