using System.Buffers;
using System.Text;
using System.Text.Json;
using Turnout.Runtime.Capture;

namespace Turnout.Tests.Capture;

/// <summary>The capture's JSON string writer: what it writes parses back to exactly the payload.</summary>
public sealed class JsonStringEscaperTests
{
    [Fact]
    public void WriteQuoted_EscapesOnlyWhatJsonRequires()
    {
        var output = new ArrayBufferWriter<byte>();
        JsonStringEscaper.WriteQuoted(output, "1,2.5\n\"q\"\\\t\u0001+<é>\r"u8);
        Assert.Equal("\"1,2.5\\n\\\"q\\\"\\\\\\t\\u0001+<é>\\r\"", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteQuoted_RandomPayloads_ParseBackToTheSameString()
    {
        // Differential against System.Text.Json's reader over payloads mixing CSV text, every control character,
        // quotes, backslashes and multi-byte characters, at lengths that cross the vectorised search's widths.
        var random = new Random(20261122);
        var alphabet = "0123456789,.-e\n\r\"\\\t ab\u0000\u001f\u007fé€😀".EnumerateRunes().ToArray();
        for (var trial = 0; trial < 2_000; trial++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, trial % 10 == 0 ? 3_000 : 80);
            for (var i = 0; i < length; i++)
            {
                text.Append(random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)].ToString() : ((char)('0' + random.Next(10))).ToString());
            }

            var expected = text.ToString();
            var output = new ArrayBufferWriter<byte>();
            JsonStringEscaper.WriteQuoted(output, Encoding.UTF8.GetBytes(expected));
            Assert.Equal(expected, JsonSerializer.Deserialize<string>(output.WrittenSpan));
        }
    }
}
