using System.Buffers.Binary;
using System.Text;
using Turnout.Models.XGBoost.Formats;

namespace Turnout.Models.XGBoost.Pickle;

/// <summary>
/// A pickle interpreter that executes nothing. It builds plain values (strings, bytes, lists, dicts, tuples)
/// and inert <see cref="PickleInstance"/>s; globals, NEWOBJ and REDUCE go through <see cref="PickleAllowList"/>,
/// which knows only what XGBoost Booster pickles need.
/// </summary>
internal static class PickleMachine
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static object? Run(ReadOnlySpan<byte> data)
    {
        var cursor = new ByteCursor(data);
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        while (!cursor.AtEnd)
        {
            int at = cursor.Position;
            byte op = cursor.ReadByte("opcode");
            switch (op)
            {
                case PickleOpcode.Proto:
                    byte protocol = cursor.ReadByte("protocol");
                    if (protocol is < 2 or > 5)
                    {
                        throw new ModelFormatException($"unsupported pickle protocol {protocol}; expected 2 to 5");
                    }

                    break;
                case PickleOpcode.Frame:
                    cursor.Skip(8, "frame length");
                    break;
                case PickleOpcode.Global:
                    stack.Add(PickleAllowList.Resolve(ReadLine(ref cursor), ReadLine(ref cursor)));
                    break;
                case PickleOpcode.StackGlobal:
                    string name = Pop<string>(stack, "STACK_GLOBAL name");
                    string module = Pop<string>(stack, "STACK_GLOBAL module");
                    stack.Add(PickleAllowList.Resolve(module, name));
                    break;
                case PickleOpcode.BinPut:
                    memo[cursor.ReadByte("memo index")] = Peek(stack);
                    break;
                case PickleOpcode.LongBinPut:
                    memo[cursor.ReadUInt32("memo index")] = Peek(stack);
                    break;
                case PickleOpcode.Memoize:
                    memo[memo.Count] = Peek(stack);
                    break;
                case PickleOpcode.BinGet:
                    stack.Add(Recall(memo, cursor.ReadByte("memo index")));
                    break;
                case PickleOpcode.LongBinGet:
                    stack.Add(Recall(memo, cursor.ReadUInt32("memo index")));
                    break;
                case PickleOpcode.Mark:
                    stack.Add(PickleMark.Instance);
                    break;
                case PickleOpcode.Pop:
                    Pop<object>(stack, "POP", allowNull: true);
                    break;
                case PickleOpcode.PopMark:
                    PopToMark(stack);
                    break;
                case PickleOpcode.Dup:
                    stack.Add(Peek(stack));
                    break;
                case PickleOpcode.EmptyTuple:
                    stack.Add(new PickleTuple([]));
                    break;
                case PickleOpcode.Tuple1:
                case PickleOpcode.Tuple2:
                case PickleOpcode.Tuple3:
                    stack.Add(new PickleTuple(PopN(stack, op - PickleOpcode.Tuple1 + 1)));
                    break;
                case PickleOpcode.Tuple:
                    stack.Add(new PickleTuple(PopToMark(stack)));
                    break;
                case PickleOpcode.EmptyList:
                    stack.Add(new List<object?>());
                    break;
                case PickleOpcode.EmptyDict:
                    stack.Add(new Dictionary<object, object?>());
                    break;
                case PickleOpcode.Append:
                    object? item = Pop<object>(stack, "APPEND value", allowNull: true);
                    PeekAs<List<object?>>(stack, "APPEND").Add(item);
                    break;
                case PickleOpcode.Appends:
                    var items = PopToMark(stack);
                    PeekAs<List<object?>>(stack, "APPENDS").AddRange(items);
                    break;
                case PickleOpcode.SetItem:
                    object? value = Pop<object>(stack, "SETITEM value", allowNull: true);
                    object key = Pop<object>(stack, "SETITEM key");
                    PeekAs<Dictionary<object, object?>>(stack, "SETITEM")[key] = value;
                    break;
                case PickleOpcode.SetItems:
                    SetItems(stack, PopToMark(stack));
                    break;
                case PickleOpcode.BinUnicode:
                    stack.Add(ReadString(ref cursor, cursor.ReadUInt32("string length")));
                    break;
                case PickleOpcode.ShortBinUnicode:
                    stack.Add(ReadString(ref cursor, cursor.ReadByte("string length")));
                    break;
                case PickleOpcode.BinUnicode8:
                    stack.Add(ReadString(ref cursor, cursor.ReadUInt64("string length")));
                    break;
                case PickleOpcode.BinBytes:
                    stack.Add(ReadBytes(ref cursor, cursor.ReadUInt32("bytes length")));
                    break;
                case PickleOpcode.ShortBinBytes:
                    stack.Add(ReadBytes(ref cursor, cursor.ReadByte("bytes length")));
                    break;
                case PickleOpcode.BinBytes8:
                case PickleOpcode.ByteArray8:
                    stack.Add(ReadBytes(ref cursor, cursor.ReadUInt64("bytes length")));
                    break;
                case PickleOpcode.None:
                    stack.Add(null);
                    break;
                case PickleOpcode.NewTrue:
                    stack.Add(true);
                    break;
                case PickleOpcode.NewFalse:
                    stack.Add(false);
                    break;
                case PickleOpcode.BinInt:
                    stack.Add((long)cursor.ReadInt32("BININT"));
                    break;
                case PickleOpcode.BinInt1:
                    stack.Add((long)cursor.ReadByte("BININT1"));
                    break;
                case PickleOpcode.BinInt2:
                    stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(cursor.Take(2, "BININT2")));
                    break;
                case PickleOpcode.Long1:
                    stack.Add(ReadLong1(ref cursor));
                    break;
                case PickleOpcode.BinFloat:
                    stack.Add(cursor.ReadDoubleBigEndian("BINFLOAT"));
                    break;
                case PickleOpcode.NewObj:
                    var args = Pop<PickleTuple>(stack, "NEWOBJ arguments");
                    stack.Add(PickleAllowList.NewObject(Pop<PickleGlobal>(stack, "NEWOBJ class"), args));
                    break;
                case PickleOpcode.NewObjEx:
                    Pop<Dictionary<object, object?>>(stack, "NEWOBJ_EX keyword arguments");
                    var argsEx = Pop<PickleTuple>(stack, "NEWOBJ_EX arguments");
                    stack.Add(PickleAllowList.NewObject(Pop<PickleGlobal>(stack, "NEWOBJ_EX class"), argsEx));
                    break;
                case PickleOpcode.Reduce:
                    var callArgs = Pop<PickleTuple>(stack, "REDUCE arguments");
                    stack.Add(PickleAllowList.Call(Pop<PickleGlobal>(stack, "REDUCE callable"), callArgs));
                    break;
                case PickleOpcode.Build:
                    object? state = Pop<object>(stack, "BUILD state", allowNull: true);
                    PeekAs<PickleInstance>(stack, "BUILD").State = state;
                    break;
                case PickleOpcode.Stop:
                    return Pop<object>(stack, "STOP", allowNull: true);
                default:
                    throw new ModelFormatException(
                        $"unsupported pickle opcode 0x{op:x2} at offset {at}; only pickles of xgboost.core.Booster are supported");
            }
        }

        throw new ModelFormatException("truncated pickle: the data ends before the STOP opcode");
    }

    private static void SetItems(List<object?> stack, object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw new ModelFormatException("corrupt pickle: SETITEMS with an odd number of items");
        }

        var dict = PeekAs<Dictionary<object, object?>>(stack, "SETITEMS");
        for (int i = 0; i < pairs.Length; i += 2)
        {
            dict[pairs[i] ?? throw new ModelFormatException("corrupt pickle: None as a dict key")] = pairs[i + 1];
        }
    }

    private static long ReadLong1(ref ByteCursor cursor)
    {
        int n = cursor.ReadByte("LONG1 length");
        if (n > 8)
        {
            throw new ModelFormatException($"unsupported pickle integer of {n} bytes");
        }

        var bytes = cursor.Take(n, "LONG1");
        long value = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Sign-extend from the top byte (two's complement, little-endian).
        if (n is > 0 and < 8 && (bytes[n - 1] & 0x80) != 0)
        {
            value -= 1L << (8 * n);
        }

        return value;
    }

    private static string ReadLine(ref ByteCursor cursor)
    {
        var sb = new StringBuilder();
        while (true)
        {
            byte b = cursor.ReadByte("GLOBAL name");
            if (b == (byte)'\n')
            {
                return sb.ToString();
            }

            if (sb.Length > 256)
            {
                throw new ModelFormatException("corrupt pickle: GLOBAL name too long");
            }

            sb.Append((char)b);
        }
    }

    private static string ReadString(ref ByteCursor cursor, ulong length)
    {
        var bytes = cursor.Take(length > int.MaxValue ? long.MaxValue : (long)length, "string");
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ModelFormatException("corrupt pickle: a string is not valid UTF-8");
        }
    }

    private static byte[] ReadBytes(ref ByteCursor cursor, ulong length) =>
        cursor.Take(length > int.MaxValue ? long.MaxValue : (long)length, "bytes").ToArray();

    private static object? Recall(Dictionary<long, object?> memo, long index) =>
        memo.TryGetValue(index, out var value)
            ? value
            : throw new ModelFormatException($"corrupt pickle: memo entry {index} is read before it is written");

    private static object? Peek(List<object?> stack)
    {
        if (stack.Count == 0 || stack[^1] is PickleMark)
        {
            throw new ModelFormatException("corrupt pickle: stack underflow");
        }

        return stack[^1];
    }

    private static T PeekAs<T>(List<object?> stack, string op) =>
        Peek(stack) is T value ? value : throw new ModelFormatException($"corrupt pickle: {op} applied to the wrong kind of object");

    private static T Pop<T>(List<object?> stack, string what, bool allowNull = false)
    {
        object? value = Peek(stack);
        stack.RemoveAt(stack.Count - 1);
        if (value is T typed)
        {
            return typed;
        }

        if (value is null && allowNull)
        {
            return default!;
        }

        throw new ModelFormatException($"corrupt pickle: unexpected {value?.GetType().Name ?? "None"} for {what}");
    }

    private static object?[] PopN(List<object?> stack, int count)
    {
        var items = new object?[count];
        for (int i = count - 1; i >= 0; i--)
        {
            items[i] = Pop<object>(stack, "tuple item", allowNull: true);
        }

        return items;
    }

    private static object?[] PopToMark(List<object?> stack)
    {
        int mark = stack.FindLastIndex(x => x is PickleMark);
        if (mark < 0)
        {
            throw new ModelFormatException("corrupt pickle: no MARK on the stack");
        }

        var items = stack.GetRange(mark + 1, stack.Count - mark - 1).ToArray();
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }
}
