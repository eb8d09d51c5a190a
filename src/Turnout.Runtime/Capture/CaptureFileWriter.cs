using System.Text;
using System.Text.Json;

namespace Turnout.Runtime.Capture;

/// <summary>
/// Writes captured invocations as SageMaker does: JSON lines under
/// <c>{destination}/{endpoint}/{variant}/yyyy/mm/dd/hh/</c>, one file per writer and hour. Runs off the
/// request path; an I/O error (a full disk) drops those captures and counts them.
/// </summary>
public sealed class CaptureFileWriter(CaptureQueue queue, TimeProvider time)
{
    private readonly Dictionary<string, FileStream> _open = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Drain();
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Shutdown: what was accepted is written before the process ends.
        Drain();
        CloseAll();
    }

    private void Drain()
    {
        while (queue.Reader.TryRead(out var record))
        {
            try
            {
                var stream = StreamFor(record);
                stream.Write(Serialize(record));
                stream.WriteByte((byte)'\n');
                queue.MarkWritten();
            }
            catch (IOException)
            {
                queue.MarkFailed(1);
            }
            catch (UnauthorizedAccessException)
            {
                queue.MarkFailed(1);
            }
        }

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
    }

    private FileStream StreamFor(CaptureRecord record)
    {
        var t = record.Time.UtcDateTime;
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
    }

    internal static byte[] Serialize(CaptureRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("captureData");
            if (record.Input is not null)
            {
                WritePayload(json, "endpointInput", "INPUT", record.Input, record.InputContentType, record.Variant);
            }

            if (record.Output is not null)
            {
                WritePayload(json, "endpointOutput", "OUTPUT", record.Output, record.OutputContentType, record.Variant);
            }

            json.WriteEndObject();
            json.WriteStartObject("eventMetadata");
            json.WriteString("eventId", record.EventId);
            if (record.InferenceId is not null)
            {
                json.WriteString("inferenceId", record.InferenceId);
            }

            json.WriteString("inferenceTime", record.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteString("eventVersion", "0");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WritePayload(Utf8JsonWriter json, string name, string mode, byte[] data, string? contentType, VariantCapture variant)
    {
        var encoding = variant.EncodingOf(contentType);
        json.WriteStartObject(name);
        json.WriteString("observedContentType", contentType ?? string.Empty);
        json.WriteString("mode", mode);
        if (encoding == "BASE64")
        {
            json.WriteString("data", Convert.ToBase64String(data));
        }
        else
        {
            json.WriteString("data", Encoding.UTF8.GetString(data));
        }

        json.WriteString("encoding", encoding);
        json.WriteEndObject();
    }
}
