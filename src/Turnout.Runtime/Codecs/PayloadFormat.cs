namespace Turnout.Runtime.Codecs;

/// <summary>A request body's format, from its Content-Type.</summary>
public enum PayloadFormat
{
    Csv,
    LibSvm,
    RecordIOProtobuf,
    Json,
    JsonLines,
}
