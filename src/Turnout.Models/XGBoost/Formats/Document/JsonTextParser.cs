using System.Globalization;
using System.Text;

namespace Turnout.Models.XGBoost.Formats.Document;

/// <summary>
/// A tolerant JSON reader for XGBoost's output, which System.Text.Json rejects: bare <c>NaN</c>,
/// <c>Infinity</c> and <c>-Infinity</c> tokens. Floats are parsed directly to float32.
/// </summary>
internal ref struct JsonTextParser
{
    private const int MaxDepth = 128;

    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    private JsonTextParser(ReadOnlySpan<byte> data) => _data = data;

    public static DocValue Parse(ReadOnlySpan<byte> data)
    {
        var parser = new JsonTextParser(data);
        var value = parser.ParseValue(0);
        parser.SkipWhitespace();
        return parser._pos == data.Length ? value : throw parser.Error("unexpected data after the top-level value");
    }

    private DocValue ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting is too deep");
        }

        SkipWhitespace();
        byte c = Peek();
        switch (c)
        {
            case (byte)'{':
                return ParseObject(depth);
            case (byte)'[':
                return ParseArray(depth);
            case (byte)'"':
                return DocValue.FromString(ParseString());
            case (byte)'t':
                Expect("true"u8);
                return DocValue.True;
            case (byte)'f':
                Expect("false"u8);
                return DocValue.False;
            case (byte)'n':
                Expect("null"u8);
                return DocValue.Null;
            default:
                var number = ParseNumber();
                return number.IsInteger ? DocValue.FromInteger(number.Integer) : DocValue.FromSingle(number.Single);
        }
    }

    private DocValue ParseObject(int depth)
    {
        _pos++;
        var members = new Dictionary<string, DocValue>(StringComparer.Ordinal);
        SkipWhitespace();
        if (TryConsume((byte)'}'))
        {
            return DocValue.FromMembers(members);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != (byte)'"')
            {
                throw Error("expected an object key");
            }

            string key = ParseString();
            SkipWhitespace();
            if (!TryConsume((byte)':'))
            {
                throw Error("expected ':'");
            }

            members[key] = ParseValue(depth + 1);
            SkipWhitespace();
            if (TryConsume((byte)','))
            {
                continue;
            }

            if (TryConsume((byte)'}'))
            {
                return DocValue.FromMembers(members);
            }

            throw Error("expected ',' or '}'");
        }
    }

    private DocValue ParseArray(int depth)
    {
        _pos++;
        SkipWhitespace();
        if (TryConsume((byte)']'))
        {
            return DocValue.FromNumbers([], []);
        }

        // Model arrays are long runs of numbers; keep them unboxed until something else shows up.
        var singles = new List<float>();
        var integers = new List<long>();
        var isInteger = new List<bool>();
        bool allIntegers = true;
        List<DocValue>? items = null;
        while (true)
        {
            SkipWhitespace();
            if (items is null && StartsNumber(Peek()))
            {
                var n = ParseNumber();
                singles.Add(n.Single);
                integers.Add(n.Integer);
                isInteger.Add(n.IsInteger);
                allIntegers &= n.IsInteger;
            }
            else
            {
                if (items is null)
                {
                    items = new List<DocValue>(singles.Count + 1);
                    for (int i = 0; i < singles.Count; i++)
                    {
                        items.Add(isInteger[i] ? DocValue.FromInteger(integers[i]) : DocValue.FromSingle(singles[i]));
                    }
                }

                items.Add(ParseValue(depth + 1));
            }

            SkipWhitespace();
            if (TryConsume((byte)','))
            {
                continue;
            }

            if (TryConsume((byte)']'))
            {
                return items is null
                    ? DocValue.FromNumbers([.. singles], allIntegers ? [.. integers] : null)
                    : DocValue.FromItems(items);
            }

            throw Error("expected ',' or ']'");
        }
    }

    private static bool StartsNumber(byte c) => c is (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'N' or (byte)'I';

    private Number ParseNumber()
    {
        if (Matches("NaN"u8))
        {
            _pos += 3;
            return new Number(false, 0, float.NaN);
        }

        if (Matches("Infinity"u8))
        {
            _pos += 8;
            return new Number(false, 0, float.PositiveInfinity);
        }

        if (Matches("-Infinity"u8))
        {
            _pos += 9;
            return new Number(false, 0, float.NegativeInfinity);
        }

        int start = _pos;
        bool integral = true;
        if (_pos < _data.Length && _data[_pos] == (byte)'-')
        {
            _pos++;
        }

        while (_pos < _data.Length)
        {
            byte c = _data[_pos];
            if (c is >= (byte)'0' and <= (byte)'9')
            {
                _pos++;
            }
            else if (c is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-')
            {
                integral = false;
                _pos++;
            }
            else
            {
                break;
            }
        }

        var token = _data[start.._pos];
        if (token.IsEmpty || (token.Length == 1 && token[0] == (byte)'-'))
        {
            _pos = start;
            throw Error("expected a value");
        }

        if (integral && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return new Number(true, integer, integer);
        }

        return float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float single)
            ? new Number(false, 0, single)
            : throw Error($"malformed number '{Encoding.ASCII.GetString(token)}'");
    }

    private string ParseString()
    {
        _pos++;
        int start = _pos;
        int end = _data[_pos..].IndexOfAny((byte)'"', (byte)'\\');
        if (end >= 0 && _data[_pos + end] == (byte)'"')
        {
            _pos += end + 1;
            return Encoding.UTF8.GetString(_data.Slice(start, end));
        }

        var sb = new StringBuilder();
        var run = new List<byte>();
        while (true)
        {
            if (_pos >= _data.Length)
            {
                throw Error("unterminated string");
            }

            byte c = _data[_pos++];
            if (c == (byte)'"')
            {
                sb.Append(Encoding.UTF8.GetString([.. run]));
                return sb.ToString();
            }

            if (c != (byte)'\\')
            {
                run.Add(c);
                continue;
            }

            sb.Append(Encoding.UTF8.GetString([.. run]));
            run.Clear();
            byte e = _pos < _data.Length ? _data[_pos++] : throw Error("unterminated escape");
            switch (e)
            {
                case (byte)'"': sb.Append('"'); break;
                case (byte)'\\': sb.Append('\\'); break;
                case (byte)'/': sb.Append('/'); break;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                case (byte)'u':
                    if (_pos + 4 > _data.Length
                        || !int.TryParse(_data.Slice(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("malformed \\u escape");
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error("unknown escape");
            }
        }
    }

    private void SkipWhitespace()
    {
        while (_pos < _data.Length && _data[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private readonly byte Peek() => _pos < _data.Length ? _data[_pos] : throw Error("unexpected end of data");

    private bool TryConsume(byte c)
    {
        if (_pos < _data.Length && _data[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private readonly bool Matches(ReadOnlySpan<byte> literal) => _data[_pos..].StartsWith(literal);

    private void Expect(ReadOnlySpan<byte> literal)
    {
        if (!Matches(literal))
        {
            throw Error("unexpected token");
        }

        _pos += literal.Length;
    }

    private readonly ModelFormatException Error(string what) => new($"malformed JSON at byte {_pos}: {what}");

    private readonly record struct Number(bool IsInteger, long Integer, float Single);
}
