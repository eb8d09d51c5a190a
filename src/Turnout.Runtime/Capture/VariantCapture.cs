using System.Buffers;

namespace Turnout.Runtime.Capture;

/// <summary>
/// A variant's data-capture settings, resolved once when its routing table is built: what to capture,
/// how often, and the local directory standing for the DestinationS3Uri.
/// </summary>
public sealed class VariantCapture(
    string endpointName,
    string variantName,
    double samplingFraction,
    bool captureInput,
    bool captureOutput,
    IReadOnlyList<string> csvContentTypes,
    IReadOnlyList<string> jsonContentTypes,
    string destinationDirectory,
    CaptureQueue queue)
{
    public string EndpointName { get; } = endpointName;
    public string VariantName { get; } = variantName;
    public double SamplingFraction { get; } = samplingFraction;
    public bool CaptureInput { get; } = captureInput;
    public bool CaptureOutput { get; } = captureOutput;
    public IReadOnlyList<string> CsvContentTypes { get; } = csvContentTypes;
    public IReadOnlyList<string> JsonContentTypes { get; } = jsonContentTypes;
    public string DestinationDirectory { get; } = destinationDirectory;

    /// <summary>Samples and, when chosen, copies the payloads and queues them; never throws, never blocks.</summary>
    public void Offer(in ReadOnlySequence<byte> input, string? inputType, ReadOnlySpan<byte> output, string? outputType, string? inferenceId, DateTimeOffset now)
    {
        if (SamplingFraction <= 0 || (SamplingFraction < 1 && Random.Shared.NextDouble() >= SamplingFraction))
        {
            return;
        }

        var record = new CaptureRecord(
            this, now, inferenceId,
            CaptureInput ? CapturedBytes.Copy(input) : null, inputType,
            CaptureOutput ? CapturedBytes.Copy(output) : null, outputType);
        if (!queue.Offer(record))
        {
            record.Release();
        }
    }

    /// <summary>SageMaker's encoding label for a payload: CSV and JSON types as configured, BASE64 otherwise.</summary>
    public string EncodingOf(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        if (Lists(CsvContentTypes, mediaType))
        {
            return "CSV";
        }

        return Lists(JsonContentTypes, mediaType) ? "JSON" : "BASE64";
    }

    // A loop rather than LINQ: the writer asks this for every captured payload.
    private static bool Lists(IReadOnlyList<string> types, ReadOnlySpan<char> mediaType)
    {
        for (var i = 0; i < types.Count; i++)
        {
            if (mediaType.Equals(types[i], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
