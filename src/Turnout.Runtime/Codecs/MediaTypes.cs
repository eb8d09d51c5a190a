namespace Turnout.Runtime.Codecs;

/// <summary>
/// Content negotiation as the SageMaker XGBoost container does it: media types compared without parameters,
/// case-insensitively; a missing Content-Type is libsvm; <c>*/*</c> or no Accept is the default
/// (SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT, else text/csv).
/// </summary>
public static class MediaTypes
{
    public const string Csv = "text/csv";
    public const string LibSvm = "text/libsvm";
    public const string XLibSvm = "text/x-libsvm";
    public const string RecordIOProtobuf = "application/x-recordio-protobuf";
    public const string Json = "application/json";
    public const string JsonLines = "application/jsonlines";

    private const string Supported = "text/csv, text/libsvm, text/x-libsvm, application/x-recordio-protobuf, application/json, application/jsonlines";
    private const string SupportedAccept = "text/csv, application/json, application/jsonlines, application/x-recordio-protobuf";

    public static bool TryGetPayloadFormat(string? contentType, out PayloadFormat format, out DecodeError? error)
    {
        error = null;
        if (contentType is null || MediaType(contentType).IsEmpty)
        {
            // The container reads a request without Content-Type as libsvm.
            format = PayloadFormat.LibSvm;
            return true;
        }

        var media = MediaType(contentType);
        if (Is(media, Csv))
        {
            format = PayloadFormat.Csv;
        }
        else if (Is(media, LibSvm) || Is(media, XLibSvm))
        {
            format = PayloadFormat.LibSvm;
        }
        else if (Is(media, RecordIOProtobuf))
        {
            format = PayloadFormat.RecordIOProtobuf;
        }
        else if (Is(media, Json))
        {
            format = PayloadFormat.Json;
        }
        else if (Is(media, JsonLines) || Is(media, "application/x-jsonlines") || Is(media, "application/jsonl"))
        {
            format = PayloadFormat.JsonLines;
        }
        else
        {
            format = default;
            error = new DecodeError(415, $"Content type {contentType} is not supported. Supported content types: {Supported}.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Picks the response format from an Accept header (a comma-separated list; the first supported media
    /// range wins, <c>*/*</c> meaning the default). Returns false with a 406 error when nothing is supported.
    /// </summary>
    public static bool TryGetResponseFormat(string? accept, string? defaultAccept, out ResponseFormat format, out DecodeError? error)
    {
        error = null;
        var remaining = (accept ?? string.Empty).AsSpan();
        bool any = false;
        while (true)
        {
            int comma = remaining.IndexOf(',');
            var range = MediaType(comma < 0 ? remaining : remaining[..comma]);
            if (!range.IsEmpty)
            {
                any = true;
                if (range.SequenceEqual("*/*"))
                {
                    return TryGetDefault(defaultAccept, out format, out error);
                }

                if (Is(range, "text/*"))
                {
                    format = ResponseFormat.Csv;
                    return true;
                }

                if (TryMatch(range, out format))
                {
                    return true;
                }
            }

            if (comma < 0)
            {
                break;
            }

            remaining = remaining[(comma + 1)..];
        }

        if (!any)
        {
            return TryGetDefault(defaultAccept, out format, out error);
        }

        format = default;
        error = new DecodeError(406, $"Accept type {accept} is not supported. Supported accept types: {SupportedAccept}.");
        return false;
    }

    public static string ContentType(ResponseFormat format) => format switch
    {
        ResponseFormat.Json => Json,
        ResponseFormat.JsonLines => JsonLines,
        ResponseFormat.RecordIOProtobuf => RecordIOProtobuf,
        _ => Csv,
    };

    private static bool TryGetDefault(string? defaultAccept, out ResponseFormat format, out DecodeError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(defaultAccept))
        {
            format = ResponseFormat.Csv;
            return true;
        }

        if (TryMatch(MediaType(defaultAccept), out format))
        {
            return true;
        }

        error = new DecodeError(406, $"The model's SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT ({defaultAccept}) is not a supported accept type. Supported: {SupportedAccept}.");
        return false;
    }

    private static bool TryMatch(ReadOnlySpan<char> media, out ResponseFormat format)
    {
        if (Is(media, Csv))
        {
            format = ResponseFormat.Csv;
        }
        else if (Is(media, Json))
        {
            format = ResponseFormat.Json;
        }
        else if (Is(media, JsonLines) || Is(media, "application/x-jsonlines") || Is(media, "application/jsonl"))
        {
            format = ResponseFormat.JsonLines;
        }
        else if (Is(media, RecordIOProtobuf))
        {
            format = ResponseFormat.RecordIOProtobuf;
        }
        else
        {
            format = default;
            return false;
        }

        return true;
    }

    private static ReadOnlySpan<char> MediaType(ReadOnlySpan<char> value)
    {
        int semicolon = value.IndexOf(';');
        return (semicolon < 0 ? value : value[..semicolon]).Trim();
    }

    private static bool Is(ReadOnlySpan<char> media, string expected) => media.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
