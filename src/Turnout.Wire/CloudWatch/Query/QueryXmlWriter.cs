using System.Globalization;
using System.Text;
using System.Xml;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Query;

/// <summary>Writes awsQuery XML responses and &lt;ErrorResponse&gt; documents (spec §1, §3).</summary>
internal static class QueryXmlWriter
{
    public const string Namespace = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    public static byte[] WriteResult(string operation, WireObject result, string requestId)
    {
        return Write(xml =>
        {
            xml.WriteStartElement(operation + "Response", Namespace);
            xml.WriteStartElement(operation + "Result");
            WriteMembers(xml, result);
            xml.WriteEndElement();
            xml.WriteStartElement("ResponseMetadata");
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
            xml.WriteEndElement();
        });
    }

    public static byte[] WriteError(CloudWatchException error, string requestId)
    {
        return Write(xml =>
        {
            xml.WriteStartElement("ErrorResponse", Namespace);
            xml.WriteStartElement("Error");
            xml.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            xml.WriteElementString("Code", error.Code);
            xml.WriteElementString("Message", error.Message);
            xml.WriteEndElement();
            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        });
    }

    /// <summary>Doubles as "12.0" (AWS style; botocore parses any decimal form).</summary>
    public static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && text.AsSpan().IndexOfAny(".Ee") < 0 ? text + ".0" : text;
    }

    /// <summary>ISO 8601 UTC with a Z; milliseconds only when non-zero.</summary>
    public static string FormatTimestamp(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static byte[] Write(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, Settings))
        {
            body(xml);
        }

        return stream.ToArray();
    }

    private static void WriteMembers(XmlWriter xml, WireObject obj)
    {
        foreach (var (name, value) in obj.Members)
        {
            WriteValue(xml, name, value);
        }
    }

    private static void WriteValue(XmlWriter xml, string name, object value)
    {
        xml.WriteStartElement(name);
        switch (value)
        {
            case WireObject nested:
                WriteMembers(xml, nested);
                break;
            case WireMap map:
                foreach (var (key, item) in map.Entries)
                {
                    xml.WriteStartElement("entry");
                    xml.WriteElementString("key", key);
                    WriteValue(xml, "value", item);
                    xml.WriteEndElement();
                }

                break;
            case IEnumerable<object> list:
                foreach (var item in list)
                {
                    WriteValue(xml, "member", item);
                }

                break;
            default:
                xml.WriteString(FormatScalar(value));
                break;
        }

        xml.WriteEndElement();
    }

    private static string FormatScalar(object value) => value switch
    {
        string s => s,
        double d => FormatDouble(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => FormatTimestamp(t),
        _ => throw new InvalidOperationException($"Unsupported output value {value.GetType()}."),
    };
}
