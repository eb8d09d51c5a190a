using System.Buffers.Binary;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// A minimal protobuf wire-format reader over a span: tags, varints, fixed32/64 and length-delimited
/// fields, with bounds checks. Malformed input sets <see cref="Failed"/> instead of throwing.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public bool Failed { get; private set; }

    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next tag; false at the end or on malformed input.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (End || Failed)
        {
            return false;
        }

        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
        {
            Failed = true;
        }

        return !Failed;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                Failed = true;
                return 0;
            }

            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        Failed = true;
        return 0;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (Failed || length > (ulong)(_data.Length - _position))
        {
            Failed = true;
            return default;
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            Failed = true;
            return 0;
        }

        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            Failed = true;
            return 0;
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                ReadFixed64();
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                ReadFixed32();
                break;
            default:
                Failed = true; // groups (3, 4) are not used by SageMaker's Record
                break;
        }
    }
}
