using Turnout.Wire.CloudWatch.Cbor;

namespace Turnout.Tests.CloudWatch;

public sealed class CborTests
{
    [Fact]
    public void Decode_WrittenMap_RoundTripsAllTypes()
    {
        var w = new CborWriter();
        w.WriteStartMap(9);
        w.WriteTextString("s");
        w.WriteTextString("héllo");
        w.WriteTextString("i");
        w.WriteInt64(-1_000_000_000_000);
        w.WriteTextString("u");
        w.WriteInt64(23);
        w.WriteTextString("d");
        w.WriteDouble(12.5);
        w.WriteTextString("b");
        w.WriteByteString([1, 2, 3]);
        w.WriteTextString("t");
        w.WriteBoolean(true);
        w.WriteTextString("n");
        w.WriteNull();
        w.WriteTextString("l");
        w.WriteStartArray(2);
        w.WriteInt64(1);
        w.WriteTextString("x");
        w.WriteTextString("ts");
        w.WriteEpochTimestamp(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero));

        var map = Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(w.ToArray()));
        Assert.Equal("héllo", map["s"]);
        Assert.Equal(-1_000_000_000_000L, map["i"]);
        Assert.Equal(23L, map["u"]);
        Assert.Equal(12.5, map["d"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, map["b"]);
        Assert.Equal(true, map["t"]);
        Assert.Null(map["n"]);
        Assert.Equal(new List<object?> { 1L, "x" }, map["l"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), map["ts"]);
    }

    [Fact]
    public void Decode_HalfAndSingleFloats_ReadAsDouble()
    {
        var w = new CborWriter();
        w.WriteStartArray(2);
        w.WriteHalf((Half)1.5);
        w.WriteSingle(0.25f);

        Assert.Equal(new List<object?> { 1.5, 0.25 }, CborReader.Decode(w.ToArray()));
        Assert.Equal(new byte[] { 0x82, 0xF9, 0x3E, 0x00, 0xFA, 0x3E, 0x80, 0x00, 0x00 }, w.ToArray());
    }

    [Fact]
    public void Decode_Tag1WithFractionalSeconds_KeepsMilliseconds()
    {
        var t = new DateTimeOffset(2024, 5, 1, 10, 0, 0, 250, TimeSpan.Zero);
        var w = new CborWriter();
        w.WriteEpochTimestamp(t);

        Assert.Equal(0xC1, w.ToArray()[0]);
        Assert.Equal(0xFB, w.ToArray()[1]);
        Assert.Equal(t, CborReader.Decode(w.ToArray()));
    }

    [Fact]
    public void WriteEpochTimestamp_WholeSeconds_UsesIntegerLikeBotocore()
    {
        var w = new CborWriter();
        w.WriteEpochTimestamp(DateTimeOffset.FromUnixTimeSeconds(1_714_557_600));

        // c1 (tag 1), 1a (uint32) 66 32 12 a0
        Assert.Equal(new byte[] { 0xC1, 0x1A, 0x66, 0x32, 0x12, 0xA0 }, w.ToArray());
    }

    [Fact]
    public void Decode_IndefiniteLengthItems_Accepted()
    {
        // {_ "a": [_ 1, 2], "s": (_ "ab" "c"), "b": (_ h'01' h'0203') }
        byte[] bytes =
        [
            0xBF,
            0x61, (byte)'a', 0x9F, 0x01, 0x02, 0xFF,
            0x61, (byte)'s', 0x7F, 0x62, (byte)'a', (byte)'b', 0x61, (byte)'c', 0xFF,
            0x61, (byte)'b', 0x5F, 0x41, 0x01, 0x42, 0x02, 0x03, 0xFF,
            0xFF,
        ];

        var map = Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(bytes));
        Assert.Equal(new List<object?> { 1L, 2L }, map["a"]);
        Assert.Equal("abc", map["s"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, map["b"]);
    }

    [Fact]
    public void Decode_IndefiniteWriterOutput_RoundTrips()
    {
        var w = new CborWriter();
        w.WriteStartIndefiniteMap();
        w.WriteTextString("x");
        w.WriteStartIndefiniteArray();
        w.WriteBoolean(false);
        w.WriteBreak();
        w.WriteBreak();

        var map = Assert.IsType<Dictionary<string, object?>>(CborReader.Decode(w.ToArray()));
        Assert.Equal(new List<object?> { false }, map["x"]);
    }

    [Theory]
    [InlineData(new byte[] { 0x62, 0x61 })] // text shorter than its length
    [InlineData(new byte[] { 0x9F, 0x01 })] // missing break
    [InlineData(new byte[] { 0xA1, 0x01 })] // map missing its value
    [InlineData(new byte[] { 0x01, 0x02 })] // trailing bytes
    [InlineData(new byte[] { 0x1C })] // reserved additional info
    [InlineData(new byte[] { 0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })] // absurd length
    [InlineData(new byte[] { 0xC1, 0x61, 0x61 })] // tag 1 on a string
    public void Decode_Malformed_ThrowsCborFormatException(byte[] bytes)
    {
        Assert.Throws<CborFormatException>(() => CborReader.Decode(bytes));
    }

    [Fact]
    public void Decode_DeepNesting_Rejected()
    {
        var bytes = Enumerable.Repeat((byte)0x81, 100).Append((byte)0x01).ToArray();
        Assert.Throws<CborFormatException>(() => CborReader.Decode(bytes));
    }
}
