using System.Buffers;
using System.Text;

namespace Turnout.Wire.Auth;

/// <summary>
/// Appends ASCII/UTF-8 text into a pooled byte buffer: the canonical request and string to sign are built
/// here so signing a request allocates no intermediate strings. Dispose returns the buffer.
/// </summary>
internal ref struct Utf8Builder
{
    private byte[] _buffer;
    private int _length;

    public Utf8Builder(int capacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public readonly int Length => _length;

    public void Append(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    public void Append(char ascii) => Append((byte)ascii);

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_length + max > _buffer.Length)
        {
            Grow(max);
        }

        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    /// <summary>Lowercase hex of <paramref name="bytes"/> (SigV4's hashes and signatures).</summary>
    public void AppendHex(scoped ReadOnlySpan<byte> bytes)
    {
        if (_length + (bytes.Length * 2) > _buffer.Length)
        {
            Grow(bytes.Length * 2);
        }

        var dest = _buffer.AsSpan(_length);
        for (var i = 0; i < bytes.Length; i++)
        {
            dest[2 * i] = (byte)"0123456789abcdef"[bytes[i] >> 4];
            dest[(2 * i) + 1] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
        }

        _length += bytes.Length * 2;
    }

    public readonly override string ToString() => Encoding.UTF8.GetString(Written);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
