namespace Turnout.ControlPlane.Shapes;

public sealed class CaptureOption
{
    public string? CaptureMode { get; set; }
}

public sealed class CaptureContentTypeHeader
{
    public List<string>? CsvContentTypes { get; set; }
    public List<string>? JsonContentTypes { get; set; }
}

public sealed class DataCaptureConfig
{
    public bool? EnableCapture { get; set; }
    public int? InitialSamplingPercentage { get; set; }
    public string? DestinationS3Uri { get; set; }
    public string? KmsKeyId { get; set; }
    public List<CaptureOption>? CaptureOptions { get; set; }
    public CaptureContentTypeHeader? CaptureContentTypeHeader { get; set; }
}

public sealed class DataCaptureConfigSummary
{
    public required bool EnableCapture { get; set; }
    public required string CaptureStatus { get; set; }
    public required int CurrentSamplingPercentage { get; set; }
    public required string DestinationS3Uri { get; set; }
    public string? KmsKeyId { get; set; }
}
