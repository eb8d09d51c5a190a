using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Turnout.Runtime.Capture;

/// <summary>
/// Writes captured invocations as SageMaker does: JSON lines under
/// <c>{destination}/{endpoint}/{variant}/yyyy/mm/dd/hh/</c>, one file per writer and hour. Runs off the
/// request path; an I/O error (a full disk) drops those captures and counts them.
/// </summary>
public sealed class CaptureFileWriter(CaptureQueue queue, TimeProvider time)
{
    private readonly Dictionary<string, FileStream> _open = new(StringComparer.Ordinal);

    // One record's JSON is built here and copied to its file; both are reused, so writing a capture allocates
    // nothing beyond the record itself (bench/README.md: capture at 100 % was the costliest feature).
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly ArrayBufferWriter<byte> _escaped = new(4096);
    private Utf8JsonWriter? _json;

    // The writer's own: event ids and time stamps cost no system call or format parsing per record.
    private readonly Random _ids = new();
    private readonly CaptureTimeFormatter _times = new();

    // The file of the last record's variant and hour: consecutive records skip building its directory name.
    private VariantCapture? _lastVariant;
    private long _lastHour = -1;
    private FileStream? _lastStream;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                // Read before draining: once completed, nothing more can be queued after this drain.
                var last = queue.IsCompleted;
                Drain();
                if (last)
                {
                    break;
                }

                await queue.WaitToDrainAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown: what was accepted is written before the process ends.
            Drain();
        }

        CloseAll();
    }

    private void Drain()
    {
        var written = 0;
        while (queue.TryRead(out var record))
        {
            try
            {
                var stream = StreamFor(record);
                _line.ResetWrittenCount();
                var json = _json ??= new Utf8JsonWriter(_line, new JsonWriterOptions { SkipValidation = true });
                json.Reset(_line);
                Write(json, record);
                json.Flush();
                _line.Write("\n"u8);
                stream.Write(_line.WrittenSpan);
                written++;
            }
            catch (IOException)
            {
                queue.MarkFailed(1);
            }
            catch (UnauthorizedAccessException)
            {
                queue.MarkFailed(1);
            }
            finally
            {
                record.Release();
            }
        }

        if (written == 0)
        {
            return;
        }

        // Buffered records reach their files in one write per file, and only then count as written.
        foreach (var stream in _open.Values)
        {
            try
            {
                stream.Flush();
            }
            catch (IOException)
            {
                // Counted when the next write to it fails.
            }
        }

        queue.MarkWritten(written);
    }

    private FileStream StreamFor(CaptureRecord record)
    {
        var t = record.Time.UtcDateTime;
        var hour = t.Ticks / TimeSpan.TicksPerHour;
        if (ReferenceEquals(record.Variant, _lastVariant) && hour == _lastHour && _lastStream is not null)
        {
            return _lastStream;
        }

        var stream = OpenFor(record, t);
        (_lastVariant, _lastHour, _lastStream) = (record.Variant, hour, stream);
        return stream;
    }

    private FileStream OpenFor(CaptureRecord record, DateTime t)
    {
        var directory = Path.Combine(record.Variant.DestinationDirectory, record.Variant.EndpointName, record.Variant.VariantName,
            t.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), t.ToString("MM", System.Globalization.CultureInfo.InvariantCulture),
            t.ToString("dd", System.Globalization.CultureInfo.InvariantCulture), t.ToString("HH", System.Globalization.CultureInfo.InvariantCulture));
        if (_open.TryGetValue(directory, out var stream))
        {
            return stream;
        }

        // A new hour (or variant) directory: files of earlier hours are done.
        var prefix = Path.Combine(record.Variant.DestinationDirectory, record.Variant.EndpointName, record.Variant.VariantName);
        foreach (var stale in _open.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            _open[stale].Dispose();
            _open.Remove(stale);
        }

        Directory.CreateDirectory(directory);
        var now = time.GetUtcNow().UtcDateTime;
        var name = $"{now:mm-ss-fff}-{Guid.NewGuid():N}.jsonl";
        stream = new FileStream(Path.Combine(directory, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
        _open[directory] = stream;
        return stream;
    }

    private void CloseAll()
    {
        foreach (var stream in _open.Values)
        {
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
            }
        }

        _open.Clear();
        (_lastVariant, _lastHour, _lastStream) = (null, -1, null);
    }

    private void Write(Utf8JsonWriter json, CaptureRecord record)
    {
        json.WriteStartObject();
        json.WriteStartObject(Names.CaptureData);
        if (record.Input is { } input)
        {
            WritePayload(json, Names.EndpointInput, Names.Input, input.Span, record.InputContentType, record.Variant);
        }

        if (record.Output is { } output)
        {
            WritePayload(json, Names.EndpointOutput, Names.Output, output.Span, record.OutputContentType, record.Variant);
        }

        json.WriteEndObject();
        json.WriteStartObject(Names.EventMetadata);
        json.WriteString(Names.EventId, NewEventId());
        if (record.InferenceId is not null)
        {
            json.WriteString(Names.InferenceId, record.InferenceId);
        }

        json.WriteString(Names.InferenceTime, _times.Format(record.Time));
        json.WriteEndObject();
        json.WriteString(Names.EventVersion, Names.Zero);
        json.WriteEndObject();
    }

    /// <summary>
    /// A random (version 4) UUID, as SageMaker's eventId is. Made here, off the request path, from the
    /// writer's own generator: <see cref="Guid.NewGuid"/> costs a system call per id on Linux.
    /// </summary>
    private Guid NewEventId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _ids.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private void WritePayload(Utf8JsonWriter json, JsonEncodedText name, JsonEncodedText mode, ReadOnlySpan<byte> data, string? contentType, VariantCapture variant)
    {
        var encoding = variant.EncodingOf(contentType);
        json.WriteStartObject(name);
        json.WriteString(Names.ObservedContentType, contentType ?? string.Empty);
        json.WriteString(Names.Mode, mode);
        if (encoding == "BASE64")
        {
            json.WriteBase64String(Names.Data, data);
        }
        else if (Utf8.IsValid(data))
        {
            // Straight from the payload's bytes (no UTF-16 copy), escaped only as JSON requires (JsonStringEscaper).
            _escaped.ResetWrittenCount();
            JsonStringEscaper.WriteQuoted(_escaped, data);
            json.WritePropertyName(Names.Data);
            json.WriteRawValue(_escaped.WrittenSpan, skipInputValidation: true);
        }
        else
        {
            // Invalid UTF-8 is written with replacement characters, as decoding to a string does.
            json.WriteString(Names.Data, Encoding.UTF8.GetString(data));
        }

        json.WriteString(Names.Encoding, encoding);
        json.WriteEndObject();
    }

    /// <summary>The record's property names and fixed values, escaped once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText CaptureData = JsonEncodedText.Encode("captureData");
        public static readonly JsonEncodedText EndpointInput = JsonEncodedText.Encode("endpointInput");
        public static readonly JsonEncodedText EndpointOutput = JsonEncodedText.Encode("endpointOutput");
        public static readonly JsonEncodedText Input = JsonEncodedText.Encode("INPUT");
        public static readonly JsonEncodedText Output = JsonEncodedText.Encode("OUTPUT");
        public static readonly JsonEncodedText EventMetadata = JsonEncodedText.Encode("eventMetadata");
        public static readonly JsonEncodedText EventId = JsonEncodedText.Encode("eventId");
        public static readonly JsonEncodedText InferenceId = JsonEncodedText.Encode("inferenceId");
        public static readonly JsonEncodedText InferenceTime = JsonEncodedText.Encode("inferenceTime");
        public static readonly JsonEncodedText EventVersion = JsonEncodedText.Encode("eventVersion");
        public static readonly JsonEncodedText Zero = JsonEncodedText.Encode("0");
        public static readonly JsonEncodedText ObservedContentType = JsonEncodedText.Encode("observedContentType");
        public static readonly JsonEncodedText Mode = JsonEncodedText.Encode("mode");
        public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
        public static readonly JsonEncodedText Encoding = JsonEncodedText.Encode("encoding");
    }
}
