using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Cbor;

/// <summary>Writes smithy-rpc-v2-cbor responses and errors: definite-length maps, doubles as float64, tag 1 timestamps.</summary>
internal static class CborOutput
{
    public static byte[] WriteResult(WireObject result)
    {
        var writer = new CborWriter();
        WriteObject(writer, result);
        return writer.ToArray();
    }

    public static byte[] WriteError(CloudWatchException error)
    {
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("__type");
        writer.WriteTextString("com.amazonaws.cloudwatch#" + error.ShapeName);
        writer.WriteTextString("message");
        writer.WriteTextString(error.Message);
        return writer.ToArray();
    }

    private static void WriteObject(CborWriter writer, WireObject obj)
    {
        writer.WriteStartMap(obj.Members.Count);
        foreach (var (name, value) in obj.Members)
        {
            writer.WriteTextString(name);
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(CborWriter writer, object value)
    {
        switch (value)
        {
            case WireObject nested:
                WriteObject(writer, nested);
                break;
            case WireMap map:
                writer.WriteStartMap(map.Entries.Count);
                foreach (var (key, item) in map.Entries)
                {
                    writer.WriteTextString(key);
                    WriteValue(writer, item);
                }

                break;
            case string s:
                writer.WriteTextString(s);
                break;
            case double d:
                // Always float64: botocore keeps CBOR integers as Python ints, and these members are doubles.
                writer.WriteDouble(d);
                break;
            case long l:
                writer.WriteInt64(l);
                break;
            case int i:
                writer.WriteInt64(i);
                break;
            case bool b:
                writer.WriteBoolean(b);
                break;
            case DateTimeOffset t:
                writer.WriteEpochTimestamp(t);
                break;
            case IReadOnlyCollection<object> list:
                writer.WriteStartArray(list.Count);
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                break;
            default:
                throw new InvalidOperationException($"Unsupported output value {value.GetType()}.");
        }
    }
}
