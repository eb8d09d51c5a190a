using System.Buffers.Binary;

namespace Turnout.Tests.Codecs;

/// <summary>Test-side writer of SageMaker RecordIO-protobuf requests (what sagemaker's write_numpy_to_dense_tensor and
/// write_spmatrix_to_sparse_tensor produce), built independently of the decoder.</summary>
internal sealed class RecordIOWriter
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    /// <summary>kind: 2 float32, 3 float64, 7 int32. packed=false writes one tag per element.</summary>
    public RecordIOWriter Add(double[] values, ulong[]? keys = null, ulong? dimension = null, int kind = 2, bool packed = true, bool withLabel = true)
    {
        var tensor = new List<byte>();
        Field(tensor, 1, kind == 7 ? 0 : kind == 3 ? 1 : 5, values.Select(v => kind switch
        {
            2 => BitConverter.GetBytes((float)v),
            3 => BitConverter.GetBytes(v),
            _ => Varint((ulong)(long)v),
        }), packed);
        if (keys is not null)
        {
            Field(tensor, 2, 0, keys.Select(Varint), packed);
            Field(tensor, 3, 0, [Varint(dimension ?? 0)], packed: true);
        }

        var record = new List<byte>();
        record.AddRange(Message(1, MapEntry("values", Message(kind, [.. tensor]))));
        if (withLabel)
        {
            record.AddRange(Message(2, MapEntry("values", Message(2, Message(1, BitConverter.GetBytes(1f))))));
        }

        var header = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xced7230a);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)record.Count);
        _bytes.AddRange(header);
        _bytes.AddRange(record);
        while (_bytes.Count % 4 != 0)
        {
            _bytes.Add(0);
        }

        return this;
    }

    private static void Field(List<byte> into, int field, int wire, IEnumerable<byte[]> elements, bool packed)
    {
        if (packed)
        {
            into.AddRange(Message(field, elements.SelectMany(e => e).ToArray()));
            return;
        }

        foreach (var e in elements)
        {
            into.AddRange(Varint((ulong)((field << 3) | wire)));
            into.AddRange(e);
        }
    }

    private static byte[] MapEntry(string key, byte[] value) =>
        [.. Message(1, System.Text.Encoding.UTF8.GetBytes(key)), .. Message(2, value)];

    private static byte[] Message(int field, byte[] body) =>
        [.. Varint((ulong)((field << 3) | 2)), .. Varint((ulong)body.Length), .. body];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
