namespace Turnout.Runtime.Codecs;

/// <summary>A response body's format, from the Accept header.</summary>
public enum ResponseFormat
{
    Csv,
    Json,
    JsonLines,
    RecordIOProtobuf,
}
