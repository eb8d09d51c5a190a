using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;

namespace Turnout.Tests.Codecs;

public class RecordIOProtobufTests
{
    private static (float[] Values, int Rows, DecodeError? Error) Decode(byte[] body, int featureCount, bool acceptsOneFewer = false)
    {
        var rows = new FeatureRows(featureCount, 1);
        try
        {
            var error = RecordIOProtobufDecoder.Decode(body, ref rows, acceptsOneFewer);
            return (rows.Values.ToArray(), rows.Count, error);
        }
        finally
        {
            rows.Dispose();
        }
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(7, true)]
    public void Decode_DenseRecords_RowsInOrder(int kind, bool packed)
    {
        var body = new RecordIOWriter()
            .Add([1, 2, -3], kind: kind, packed: packed)
            .Add([4, 0, 6], kind: kind, packed: packed, withLabel: false)
            .ToArray();
        var (values, count, error) = Decode(body, 3);
        Assert.Null(error);
        Assert.Equal(2, count);
        Assert.Equal(new[] { 1f, 2f, -3f, 4f, 0f, 6f }, values);
    }

    [Fact]
    public void Decode_Float64Value_NarrowedLikeNumpy()
    {
        var (values, _, _) = Decode(new RecordIOWriter().Add([0.1], kind: 3).ToArray(), 1);
        Assert.Equal((float)0.1, values[0]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decode_SparseRecord_KeysAreIndicesAbsentMissing(bool packed)
    {
        var body = new RecordIOWriter().Add([1.5, 2.5], keys: [3, 0], dimension: 5, packed: packed).ToArray();
        var (values, count, error) = Decode(body, 5);
        Assert.Null(error);
        Assert.Equal(1, count);
        Assert.Equal(2.5f, values[0]);
        Assert.Equal(1.5f, values[3]);
        Assert.True(float.IsNaN(values[1]) && float.IsNaN(values[2]) && float.IsNaN(values[4]));
    }

    [Fact]
    public void Decode_SparseKeyBeyondModel_400()
    {
        var (_, _, error) = Decode(new RecordIOWriter().Add([1], keys: [9], dimension: 10).ToArray(), 5);
        Assert.Equal(400, error!.StatusCode);
    }

    [Fact]
    public void Decode_DenseWrongWidth_400()
    {
        var (_, _, error) = Decode(new RecordIOWriter().Add([1, 2]).ToArray(), 5);
        Assert.Equal(400, error!.StatusCode);
    }

    [Fact]
    public void Decode_BadMagicOrTruncated_415()
    {
        var body = new RecordIOWriter().Add([1, 2]).ToArray();
        var bad = (byte[])body.Clone();
        bad[0] ^= 1;
        Assert.Equal(415, Decode(bad, 2).Error!.StatusCode);
        Assert.Equal(415, Decode(body[..^6], 2).Error!.StatusCode);
        Assert.Equal(415, Decode("1,2"u8.ToArray(), 2).Error!.StatusCode);
    }

    [Fact]
    public void Write_OneValue_GoldenBytes()
    {
        using var writer = new PooledByteWriter();
        RecordIOProtobufEncoder.Write(writer, [0.5f], 1, 1);
        // Record{label: {"score": Value{float32_tensor: Float32Tensor{values: [0.5]}}}}, framed and padded to 4.
        byte[] expected =
        [
            0x0A, 0x23, 0xD7, 0xCE, 0x13, 0x00, 0x00, 0x00,
            0x12, 0x11, 0x0A, 0x05, (byte)'s', (byte)'c', (byte)'o', (byte)'r', (byte)'e',
            0x12, 0x08, 0x12, 0x06, 0x0A, 0x04, 0x00, 0x00, 0x00, 0x3F, 0x00,
        ];
        Assert.Equal(expected, writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Write_MultiClassRows_OneRecordPerRowWithAllValues()
    {
        using var writer = new PooledByteWriter();
        RecordIOProtobufEncoder.Write(writer, [0.25f, 0.75f, 1f, 0f], 2, 2);
        var bytes = writer.WrittenMemory.ToArray();
        Assert.Equal(2 * (8 + 24), bytes.Length);
        Assert.Equal(0x0A, bytes[8 + 13]); // Float32Tensor.values tag
        Assert.Equal(8, bytes[8 + 14]);
        Assert.Equal(0.75f, BitConverter.ToSingle(bytes, 8 + 19));
    }
}
