using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Turnout.Wire.CloudWatch.Cbor;

/// <summary>Minimal CBOR encoder (RFC 8949): shortest-form heads, definite and indefinite containers.</summary>
internal sealed class CborWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteStartMap(int count) => WriteHead(5, (ulong)count);

    public void WriteStartArray(int count) => WriteHead(4, (ulong)count);

    public void WriteStartIndefiniteMap() => WriteByte(0xBF);

    public void WriteStartIndefiniteArray() => WriteByte(0x9F);

    public void WriteBreak() => WriteByte(0xFF);

    public void WriteTag(ulong tag) => WriteHead(6, tag);

    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteHead(0, (ulong)value);
        }
        else
        {
            WriteHead(1, (ulong)(-1 - value));
        }
    }

    public void WriteTextString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteHead(3, (ulong)length);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        WriteHead(2, (ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteDouble(double value)
    {
        var span = _buffer.GetSpan(9);
        span[0] = 0xFB;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _buffer.Advance(9);
    }

    public void WriteSingle(float value)
    {
        var span = _buffer.GetSpan(5);
        span[0] = 0xFA;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        _buffer.Advance(5);
    }

    public void WriteHalf(Half value)
    {
        var span = _buffer.GetSpan(3);
        span[0] = 0xF9;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], BitConverter.HalfToUInt16Bits(value));
        _buffer.Advance(3);
    }

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)0xF5 : (byte)0xF4);

    public void WriteNull() => WriteByte(0xF6);

    /// <summary>Tag 1 epoch seconds: an integer when whole, else a double (both accepted by botocore).</summary>
    public void WriteEpochTimestamp(DateTimeOffset value)
    {
        WriteTag(1);
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks % TimeSpan.TicksPerSecond == 0)
        {
            WriteInt64(ticks / TimeSpan.TicksPerSecond);
        }
        else
        {
            WriteDouble((double)ticks / TimeSpan.TicksPerSecond);
        }
    }

    private void WriteHead(int major, ulong argument)
    {
        var span = _buffer.GetSpan(9);
        var prefix = (byte)(major << 5);
        int written;
        if (argument < 24)
        {
            span[0] = (byte)(prefix | (byte)argument);
            written = 1;
        }
        else if (argument <= byte.MaxValue)
        {
            span[0] = (byte)(prefix | 24);
            span[1] = (byte)argument;
            written = 2;
        }
        else if (argument <= ushort.MaxValue)
        {
            span[0] = (byte)(prefix | 25);
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)argument);
            written = 3;
        }
        else if (argument <= uint.MaxValue)
        {
            span[0] = (byte)(prefix | 26);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)argument);
            written = 5;
        }
        else
        {
            span[0] = (byte)(prefix | 27);
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], argument);
            written = 9;
        }

        _buffer.Advance(written);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
