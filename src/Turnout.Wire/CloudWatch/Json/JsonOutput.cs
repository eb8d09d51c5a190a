using System.Buffers;
using System.Text.Json;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Json;

/// <summary>Writes awsJson1_0 responses and errors; timestamps are epoch-second numbers.</summary>
internal static class JsonOutput
{
    public static byte[] WriteResult(WireObject result)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteObject(json, result);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] WriteError(CloudWatchException error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("__type", "com.amazonaws.cloudwatch#" + error.ShapeName);
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteObject(Utf8JsonWriter json, WireObject obj)
    {
        json.WriteStartObject();
        foreach (var (name, value) in obj.Members)
        {
            json.WritePropertyName(name);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case WireObject nested:
                WriteObject(json, nested);
                break;
            case WireMap map:
                json.WriteStartObject();
                foreach (var (key, item) in map.Entries)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, item);
                }

                json.WriteEndObject();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case DateTimeOffset t:
                json.WriteNumberValue((decimal)(t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerSecond);
                break;
            case IEnumerable<object> list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Unsupported output value {value.GetType()}.");
        }
    }
}
