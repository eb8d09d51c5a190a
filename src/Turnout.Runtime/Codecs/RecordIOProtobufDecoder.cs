using System.Buffers;
using System.Buffers.Binary;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Decodes application/x-recordio-protobuf as SageMaker writes it: RecordIO frames (magic <c>0xced7230a</c>,
/// a 29-bit length, the payload padded to 4 bytes), each holding one <c>aialgs.data.Record</c> whose
/// <c>features["values"]</c> is a Float32Tensor (also Float64/Int32). A tensor without <c>keys</c> is a dense
/// row; with keys it is sparse (keys are feature indices, absent features are missing). Labels are ignored.
/// The protobuf wire format is read by hand (<see cref="ProtobufReader"/>); nothing is allocated per row.
/// </summary>
public static class RecordIOProtobufDecoder
{
    public const uint Magic = 0xced7230a;

    // Record: features = 1 (map<string, Value>). Map entry: key = 1, value = 2.
    // Value: float32_tensor = 2, float64_tensor = 3, int32_tensor = 7. Tensor: values = 1, keys = 2, shape = 3.
    private const int FloatTensor = 2;
    private const int DoubleTensor = 3;
    private const int IntTensor = 7;

    public static DecodeError? Decode(ReadOnlySpan<byte> body, ref FeatureRows rows, bool acceptsOneFewer)
    {
        int record = 0;
        while (!body.IsEmpty)
        {
            if (body.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(body) != Magic)
            {
                return Error($"record {record} does not start with the RecordIO magic 0xced7230a.");
            }

            uint word = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
            if (word >> 29 != 0)
            {
                return Error($"record {record} is split over several RecordIO parts, which SageMaker's writers never produce.");
            }

            int length = (int)(word & 0x1FFFFFFF);
            if (length > body.Length - 8)
            {
                return Error($"record {record} claims {length} bytes but only {body.Length - 8} follow.");
            }

            var payload = body.Slice(8, length);
            int padded = Math.Min(body.Length, 8 + ((length + 3) & ~3));
            body = body[padded..];
            if (DecodeRecord(payload, ref rows, acceptsOneFewer, record) is { } error)
            {
                return error;
            }

            record++;
        }

        return rows.Count == 0 ? new DecodeError(400, "The RecordIO-protobuf payload has no records.") : null;
    }

    private static DecodeError? DecodeRecord(ReadOnlySpan<byte> payload, ref FeatureRows rows, bool acceptsOneFewer, int record)
    {
        var reader = new ProtobufReader(payload);
        ReadOnlySpan<byte> tensor = default;
        int kind = 0;
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field == 1 && wire == ProtobufReader.LengthDelimited)
            {
                var entry = new ProtobufReader(reader.ReadBytes());
                bool isValues = false;
                ReadOnlySpan<byte> value = default;
                while (entry.TryReadTag(out int f, out int w))
                {
                    if (f == 1 && w == ProtobufReader.LengthDelimited)
                    {
                        isValues = entry.ReadBytes().SequenceEqual("values"u8);
                    }
                    else if (f == 2 && w == ProtobufReader.LengthDelimited)
                    {
                        value = entry.ReadBytes();
                    }
                    else
                    {
                        entry.Skip(w);
                    }
                }

                if (entry.Failed)
                {
                    return Error($"record {record} has a malformed features entry.");
                }

                if (isValues && !FindTensor(value, out kind, out tensor))
                {
                    return Error($"record {record}: features[\"values\"] is not a Float32Tensor, Float64Tensor or Int32Tensor.");
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        if (reader.Failed)
        {
            return Error($"record {record} is not a valid protobuf Record.");
        }

        if (kind == 0)
        {
            return Error($"record {record} has no features[\"values\"] tensor.");
        }

        int valueCount = ReadValues(tensor, kind, default, out bool valuesOk);
        int keyCount = ReadKeys(tensor, default, default, out _, out bool keysOk);
        if (!valuesOk || !keysOk)
        {
            return Error($"record {record} has a malformed tensor.");
        }

        var row = rows.Add();
        if (keyCount == 0 && valueCount == 0)
        {
            // A sparse row with nothing present: protobuf writers omit empty keys/values, leaving only the shape.
            return null;
        }

        if (keyCount == 0)
        {
            if (valueCount != row.Length && !(acceptsOneFewer && valueCount == row.Length - 1))
            {
                return new DecodeError(400,
                    $"Unable to evaluate payload provided: Feature size of recordio-protobuf inference data {valueCount} is not consistent with feature size of trained model {row.Length}.");
            }

            ReadValues(tensor, kind, row, out _);
            return null;
        }

        if (keyCount != valueCount)
        {
            return Error($"record {record} is a sparse tensor with {keyCount} keys but {valueCount} values.");
        }

        var scratch = ArrayPool<float>.Shared.Rent(valueCount);
        try
        {
            ReadValues(tensor, kind, scratch, out _);
            ReadKeys(tensor, scratch.AsSpan(0, valueCount), row, out ulong badKey, out _);
            return badKey == ulong.MaxValue
                ? null
                : new DecodeError(400,
                    $"Unable to evaluate payload provided: feature index {badKey} in record {record} is out of range; the model has {row.Length} features.");
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static bool FindTensor(ReadOnlySpan<byte> value, out int kind, out ReadOnlySpan<byte> tensor)
    {
        kind = 0;
        tensor = default;
        var reader = new ProtobufReader(value);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (wire == ProtobufReader.LengthDelimited && field is FloatTensor or DoubleTensor or IntTensor)
            {
                kind = field;
                tensor = reader.ReadBytes();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return !reader.Failed && kind != 0;
    }

    /// <summary>Counts the tensor's values, writing as many as fit into <paramref name="destination"/>; packed or not.</summary>
    private static int ReadValues(ReadOnlySpan<byte> tensor, int kind, Span<float> destination, out bool ok)
    {
        int count = 0;
        var reader = new ProtobufReader(tensor);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field != 1)
            {
                reader.Skip(wire);
                continue;
            }

            if (wire == ProtobufReader.LengthDelimited)
            {
                var packed = new ProtobufReader(reader.ReadBytes());
                while (!packed.End && !packed.Failed)
                {
                    float v = ReadOne(ref packed, kind);
                    if (count < destination.Length)
                    {
                        destination[count] = v;
                    }

                    count++;
                }

                if (packed.Failed)
                {
                    ok = false;
                    return count;
                }
            }
            else if (wire == WireOf(kind))
            {
                float v = ReadOne(ref reader, kind);
                if (count < destination.Length)
                {
                    destination[count] = v;
                }

                count++;
            }
            else
            {
                ok = false;
                return count;
            }
        }

        ok = !reader.Failed;
        return count;
    }

    /// <summary>
    /// Counts the tensor's keys; with <paramref name="row"/> non-empty, scatters <paramref name="values"/> to them.
    /// <paramref name="badKey"/> is the first out-of-range key, or ulong.MaxValue.
    /// </summary>
    private static int ReadKeys(ReadOnlySpan<byte> tensor, ReadOnlySpan<float> values, Span<float> row, out ulong badKey, out bool ok)
    {
        badKey = ulong.MaxValue;
        int count = 0;
        var reader = new ProtobufReader(tensor);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (field != 2)
            {
                reader.Skip(wire);
                continue;
            }

            if (wire == ProtobufReader.LengthDelimited)
            {
                var packed = new ProtobufReader(reader.ReadBytes());
                while (!packed.End && !packed.Failed)
                {
                    Scatter(packed.ReadVarint(), count++, values, row, ref badKey);
                }

                if (packed.Failed)
                {
                    ok = false;
                    return count;
                }
            }
            else if (wire == ProtobufReader.Varint)
            {
                Scatter(reader.ReadVarint(), count++, values, row, ref badKey);
            }
            else
            {
                ok = false;
                return count;
            }
        }

        ok = !reader.Failed;
        return count;
    }

    private static void Scatter(ulong key, int index, ReadOnlySpan<float> values, Span<float> row, ref ulong badKey)
    {
        if (row.IsEmpty)
        {
            return;
        }

        if (key < (ulong)row.Length)
        {
            row[(int)key] = values[index];
        }
        else if (badKey == ulong.MaxValue)
        {
            badKey = key;
        }
    }

    private static float ReadOne(ref ProtobufReader reader, int kind) => kind switch
    {
        FloatTensor => BitConverter.UInt32BitsToSingle(reader.ReadFixed32()),
        DoubleTensor => (float)BitConverter.UInt64BitsToDouble(reader.ReadFixed64()),
        _ => (int)reader.ReadVarint(),
    };

    private static int WireOf(int kind) => kind switch
    {
        FloatTensor => ProtobufReader.Fixed32,
        DoubleTensor => ProtobufReader.Fixed64,
        _ => ProtobufReader.Varint,
    };

    private static DecodeError Error(string detail) =>
        new(415, "Loading recordio-protobuf data failed, please ensure data is in recordio-protobuf format: " + detail);
}
