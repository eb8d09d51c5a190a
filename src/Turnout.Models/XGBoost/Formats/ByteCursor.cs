using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Turnout.Models.XGBoost.Formats;

/// <summary>Bounds-checked forward reader over a byte span. Every read names what it expected so a
/// truncated or corrupt file produces a message that says where it went wrong.</summary>
internal ref struct ByteCursor(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool AtEnd => _position >= _data.Length;

    public ReadOnlySpan<byte> Take(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            ThrowTruncated(what, count);
        }

        var slice = _data.Slice(_position, (int)count);
        _position += (int)count;
        return slice;
    }

    public void Skip(long count, string what) => Take(count, what);

    public byte ReadByte(string what) => Take(1, what)[0];

    public readonly byte PeekByte(string what)
    {
        if (Remaining < 1)
        {
            ThrowTruncated(what, 1);
        }

        return _data[_position];
    }

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    public uint ReadUInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    public long ReadInt64(string what) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, what));

    public ulong ReadUInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    public float ReadSingle(string what) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, what));

    public short ReadInt16BigEndian(string what) => BinaryPrimitives.ReadInt16BigEndian(Take(2, what));

    public int ReadInt32BigEndian(string what) => BinaryPrimitives.ReadInt32BigEndian(Take(4, what));

    public long ReadInt64BigEndian(string what) => BinaryPrimitives.ReadInt64BigEndian(Take(8, what));

    public float ReadSingleBigEndian(string what) => BinaryPrimitives.ReadSingleBigEndian(Take(4, what));

    public double ReadDoubleBigEndian(string what) => BinaryPrimitives.ReadDoubleBigEndian(Take(8, what));

    /// <summary>Reads a count for <paramref name="elementSize"/>-byte elements and checks that many could
    /// still follow, so a corrupt length cannot trigger a huge allocation.</summary>
    public readonly int CheckCount(long count, int elementSize, string what)
    {
        if (count < 0 || count > int.MaxValue || count * elementSize > Remaining)
        {
            throw new ModelFormatException(
                $"corrupt model: {what} claims {count} entries but only {Remaining} bytes remain at offset {_position}");
        }

        return (int)count;
    }

    [DoesNotReturn]
    private readonly void ThrowTruncated(string what, long count) =>
        throw new ModelFormatException(
            $"truncated model: expected {what} ({count} bytes) at offset {_position}, but only {Remaining} bytes remain");
}
