using System.Buffers.Binary;
using System.Text;

namespace Turnout.Wire.CloudWatch.Cbor;

/// <summary>
/// Decodes one CBOR data item (RFC 8949) into plain objects: maps become <see cref="Dictionary{TKey,TValue}"/>
/// with string keys, arrays <see cref="List{T}"/>, text <see cref="string"/>, byte strings <c>byte[]</c>,
/// integers <see cref="long"/>, floats (half/single/double) <see cref="double"/>, tag 1 <see cref="DateTimeOffset"/>,
/// booleans, and null/undefined <c>null</c>. Indefinite-length strings, arrays and maps are accepted.
/// </summary>
internal ref struct CborReader
{
    private const int MaxDepth = 64;
    private const byte Break = 0xFF;

    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _depth;

    private CborReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    /// <summary>Decodes exactly one data item spanning the whole input.</summary>
    public static object? Decode(ReadOnlySpan<byte> data)
    {
        var reader = new CborReader(data);
        var value = reader.ReadItem();
        if (reader._pos != data.Length)
        {
            throw new CborFormatException($"Trailing bytes after the CBOR item at offset {reader._pos}.");
        }

        return value;
    }

    private object? ReadItem()
    {
        var initial = ReadByte();
        var major = initial >> 5;
        var info = initial & 0x1F;
        switch (major)
        {
            case 0:
                return checked((long)ReadArgument(info));
            case 1:
                var magnitude = ReadArgument(info);
                if (magnitude > long.MaxValue)
                {
                    throw new CborFormatException("Negative integer out of range.");
                }

                return -1 - (long)magnitude;
            case 2:
                return ReadBytes(info, major);
            case 3:
                return Encoding.UTF8.GetString(ReadBytes(info, major));
            case 4:
                return ReadArray(info);
            case 5:
                return ReadMap(info);
            case 6:
                return ReadTagged(ReadArgument(info));
            default:
                return ReadSimple(info);
        }
    }

    private ulong ReadArgument(int info)
    {
        switch (info)
        {
            case < 24:
                return (ulong)info;
            case 24:
                return ReadByte();
            case 25:
                return BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            case 26:
                return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            case 27:
                return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            default:
                throw new CborFormatException($"Invalid additional info {info} at offset {_pos - 1}.");
        }
    }

    private byte[] ReadBytes(int info, int major)
    {
        if (info != 31)
        {
            return Take(Length(ReadArgument(info))).ToArray();
        }

        // Indefinite length: definite-length chunks of the same major type until a break.
        using var chunks = new MemoryStream();
        while (!TryReadBreak())
        {
            var initial = ReadByte();
            if (initial >> 5 != major || (initial & 0x1F) == 31)
            {
                throw new CborFormatException("Invalid chunk inside an indefinite-length string.");
            }

            chunks.Write(Take(Length(ReadArgument(initial & 0x1F))));
        }

        return chunks.ToArray();
    }

    private List<object?> ReadArray(int info)
    {
        Enter();
        var items = new List<object?>();
        if (info == 31)
        {
            while (!TryReadBreak())
            {
                items.Add(ReadItem());
            }
        }
        else
        {
            var count = Length(ReadArgument(info));
            for (var i = 0; i < count; i++)
            {
                items.Add(ReadItem());
            }
        }

        _depth--;
        return items;
    }

    private Dictionary<string, object?> ReadMap(int info)
    {
        Enter();
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (info == 31)
        {
            while (!TryReadBreak())
            {
                ReadEntry(map);
            }
        }
        else
        {
            var count = Length(ReadArgument(info));
            for (var i = 0; i < count; i++)
            {
                ReadEntry(map);
            }
        }

        _depth--;
        return map;
    }

    private void ReadEntry(Dictionary<string, object?> map)
    {
        var key = ReadItem() switch
        {
            string s => s,
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new CborFormatException("Map keys must be text strings."),
        };
        map[key] = ReadItem();
    }

    private object? ReadTagged(ulong tag)
    {
        var value = ReadItem();
        if (tag != 1)
        {
            // Other tags (e.g. bignums, decimal fractions) are not used by smithy-rpc-v2-cbor inputs we read.
            return value;
        }

        return value switch
        {
            long seconds => DateTimeOffset.UnixEpoch.AddSeconds(seconds),
            double seconds when double.IsFinite(seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)),
            _ => throw new CborFormatException("Tag 1 (epoch time) must wrap a finite number."),
        };
    }

    private object? ReadSimple(int info)
    {
        switch (info)
        {
            case 20:
                return false;
            case 21:
                return true;
            case 22:
            case 23:
                return null;
            case 25:
                return (double)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16BigEndian(Take(2)));
            case 26:
                return (double)BinaryPrimitives.ReadSingleBigEndian(Take(4));
            case 27:
                return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case 31:
                throw new CborFormatException($"Unexpected break at offset {_pos - 1}.");
            default:
                throw new CborFormatException($"Unsupported simple value {info} at offset {_pos - 1}.");
        }
    }

    private bool TryReadBreak()
    {
        if (_pos >= _data.Length)
        {
            throw new CborFormatException("Missing break at the end of an indefinite-length item.");
        }

        if (_data[_pos] != Break)
        {
            return false;
        }

        _pos++;
        return true;
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new CborFormatException("CBOR nesting too deep.");
        }
    }

    private int Length(ulong length)
    {
        // Every element needs at least a byte, so a length beyond what remains is malformed, not a huge allocation.
        if (length > (ulong)(_data.Length - _pos))
        {
            throw new CborFormatException($"Length {length} exceeds the remaining input.");
        }

        return (int)length;
    }

    private byte ReadByte()
    {
        if (_pos >= _data.Length)
        {
            throw new CborFormatException("Unexpected end of CBOR input.");
        }

        return _data[_pos++];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _pos)
        {
            throw new CborFormatException("Unexpected end of CBOR input.");
        }

        var slice = _data.Slice(_pos, count);
        _pos += count;
        return slice;
    }
}
