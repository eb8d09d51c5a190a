using System.Text;

namespace Turnout.Models.XGBoost.Formats.Document;

/// <summary>
/// UBJSON as XGBoost 1.6+ writes it (spec 2.3): big-endian; object keys without an 'S' marker; counted
/// arrays (<c>[#</c>, <c>[$t#</c>) have no closing ']'; float32 'd' values kept bit-exact.
/// </summary>
internal ref struct UbjsonParser
{
    private const int MaxDepth = 128;

    private ByteCursor _cursor;

    private UbjsonParser(ReadOnlySpan<byte> data) => _cursor = new ByteCursor(data);

    public static DocValue Parse(ReadOnlySpan<byte> data)
    {
        var parser = new UbjsonParser(data);
        return parser.ParseValue(parser._cursor.ReadByte("UBJSON value"), 0);
    }

    private DocValue ParseValue(byte marker, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ModelFormatException("malformed UBJSON: nesting is too deep");
        }

        switch (marker)
        {
            case (byte)'{':
                return ParseObject(depth);
            case (byte)'[':
                return ParseArray(depth);
            case (byte)'S':
                return DocValue.FromString(ReadString());
            case (byte)'T':
                return DocValue.True;
            case (byte)'F':
                return DocValue.False;
            case (byte)'Z':
                return DocValue.Null;
            case (byte)'d':
                return DocValue.FromSingle(_cursor.ReadSingleBigEndian("float32"));
            case (byte)'D':
                return DocValue.FromSingle((float)_cursor.ReadDoubleBigEndian("float64"));
            case (byte)'H':
                var text = ReadString();
                return float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float f)
                    ? DocValue.FromSingle(f)
                    : throw new ModelFormatException($"malformed UBJSON high-precision number '{text}'");
            default:
                return DocValue.FromInteger(ReadInteger(marker));
        }
    }

    private DocValue ParseObject(int depth)
    {
        var members = new Dictionary<string, DocValue>(StringComparer.Ordinal);
        long count = -1;
        if (_cursor.PeekByte("object") == (byte)'#')
        {
            _cursor.Skip(1, "object count");
            count = _cursor.CheckCount(ReadInteger(_cursor.ReadByte("object count")), 2, "UBJSON object");
        }

        for (long i = 0; count < 0 || i < count; i++)
        {
            if (count < 0 && _cursor.PeekByte("object key") == (byte)'}')
            {
                _cursor.Skip(1, "object end");
                break;
            }

            string key = ReadString();
            members[key] = ParseValue(_cursor.ReadByte("object value"), depth + 1);
        }

        return DocValue.FromMembers(members);
    }

    private DocValue ParseArray(int depth)
    {
        byte next = _cursor.PeekByte("array");
        if (next == (byte)'$')
        {
            _cursor.Skip(1, "array type");
            byte type = _cursor.ReadByte("array element type");
            if (_cursor.ReadByte("array count marker") != (byte)'#')
            {
                throw new ModelFormatException("malformed UBJSON: a typed array must be followed by '#' and a count");
            }

            return ParseTypedArray(type, ReadInteger(_cursor.ReadByte("array count")));
        }

        var items = new List<DocValue>();
        if (next == (byte)'#')
        {
            _cursor.Skip(1, "array count marker");
            int count = _cursor.CheckCount(ReadInteger(_cursor.ReadByte("array count")), 1, "UBJSON array");
            for (int i = 0; i < count; i++)
            {
                items.Add(ParseValue(_cursor.ReadByte("array item"), depth + 1));
            }

            return DocValue.FromItems(items);
        }

        while (true)
        {
            byte marker = _cursor.ReadByte("array item");
            if (marker == (byte)']')
            {
                return DocValue.FromItems(items);
            }

            items.Add(ParseValue(marker, depth + 1));
        }
    }

    private DocValue ParseTypedArray(byte type, long rawCount)
    {
        int size = type switch
        {
            (byte)'i' or (byte)'U' or (byte)'C' => 1,
            (byte)'I' => 2,
            (byte)'l' or (byte)'d' => 4,
            (byte)'L' or (byte)'D' => 8,
            _ => throw new ModelFormatException($"unsupported UBJSON typed array of '{(char)type}'"),
        };
        int count = _cursor.CheckCount(rawCount, size, "UBJSON typed array");
        if (type is (byte)'d' or (byte)'D')
        {
            var singles = new float[count];
            for (int i = 0; i < count; i++)
            {
                singles[i] = type == (byte)'d' ? _cursor.ReadSingleBigEndian("float32") : (float)_cursor.ReadDoubleBigEndian("float64");
            }

            return DocValue.FromNumbers(singles, null);
        }

        var integers = new long[count];
        for (int i = 0; i < count; i++)
        {
            integers[i] = ReadInteger(type);
        }

        return DocValue.FromIntegers(integers);
    }

    private long ReadInteger(byte marker) => marker switch
    {
        (byte)'i' => (sbyte)_cursor.ReadByte("int8"),
        (byte)'U' or (byte)'C' => _cursor.ReadByte("uint8"),
        (byte)'I' => _cursor.ReadInt16BigEndian("int16"),
        (byte)'l' => _cursor.ReadInt32BigEndian("int32"),
        (byte)'L' => _cursor.ReadInt64BigEndian("int64"),
        _ => throw new ModelFormatException($"malformed UBJSON: unexpected marker '{(char)marker}' (0x{marker:x2}) at offset {_cursor.Position - 1}"),
    };

    /// <summary>A key or string body: an integer-typed length, then UTF-8 bytes.</summary>
    private string ReadString()
    {
        long length = ReadInteger(_cursor.ReadByte("string length"));
        int n = _cursor.CheckCount(length, 1, "UBJSON string");
        return Encoding.UTF8.GetString(_cursor.Take(n, "string"));
    }
}
