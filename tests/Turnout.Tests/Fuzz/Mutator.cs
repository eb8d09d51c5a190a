using System.Text;

namespace Turnout.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of real inputs, in the style of a mutation fuzzer: byte and bit flips, interesting
/// integers over length fields, truncation, chunk deletion/duplication, splicing two seeds, and inserting
/// tokens that matter to the text formats (separators, brackets, huge numbers, invalid UTF-8, long runs).
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly byte[][] Tokens =
    [
        ","u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), ":"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(),
        "{"u8.ToArray(), "}"u8.ToArray(), "\""u8.ToArray(), "null"u8.ToArray(), "nan"u8.ToArray(), "-inf"u8.ToArray(), "1e309"u8.ToArray(),
        "-0"u8.ToArray(), "4294967296"u8.ToArray(), "\"features\":"u8.ToArray(), "\"instances\":"u8.ToArray(), "2147483647:1"u8.ToArray(),
        [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0], [0x80],
        Encoding.ASCII.GetBytes(new string('9', 400)), Encoding.ASCII.GetBytes(new string('[', 300)),
    ];

    private static readonly long[] Interesting = [0, 1, -1, 127, 128, 255, 256, 32767, 65535, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue];

    private readonly Random _random = new(seed);

    public byte[] Mutate(IReadOnlyList<byte[]> seeds)
    {
        var data = seeds[_random.Next(seeds.Count)].ToList();
        for (var steps = 1 + _random.Next(4); steps > 0; steps--)
        {
            MutateOnce(data, seeds);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> seeds)
    {
        var at = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at] = (byte)_random.Next(256);
                break;
            case 1 when data.Count > 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 2 when data.Count >= 8:
                var value = Interesting[_random.Next(Interesting.Length)];
                var width = new[] { 1, 2, 4, 8 }[_random.Next(4)];
                at = Math.Min(at, data.Count - width);
                for (var i = 0; i < width; i++)
                {
                    data[at + i] = (byte)(value >> (8 * i));
                }

                break;
            case 3:
                data.RemoveRange(at, data.Count - at);
                break;
            case 4 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                break;
            case 5 when data.Count > 0:
                var length = Math.Min(data.Count - at, 1 + _random.Next(64));
                var chunk = data.GetRange(at, length);
                for (var copies = _random.Next(1, 4); copies > 0; copies--)
                {
                    data.InsertRange(_random.Next(data.Count + 1), chunk);
                }

                break;
            case 6:
                var other = seeds[_random.Next(seeds.Count)];
                var from = _random.Next(other.Length + 1);
                data.RemoveRange(at, data.Count - at);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            default:
                data.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
        }
    }
}
