using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Turnout.Runtime.Codecs;

namespace Turnout.Benchmarks;

/// <summary>
/// Decoding a text/csv payload into float32 features. The baseline is the obvious string-based
/// parse (decode to string, Split, double.Parse), measured in the same run; SpanDoubleParse is the
/// previous decoder's per-field <c>double.TryParse</c> over spans; SpanDecoder is the shipping decoder
/// with <see cref="Utf8FloatParser"/>. <see cref="PayloadBytes"/> turns the mean time into MB/s.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CsvDecodeBenchmarks
{
    private byte[] _payload = [];
    private float[] _features = [];

    [Params(1, 1000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // 69 features like the churn model's rows: small integers, decimals and one-hot zeros.
        var random = new Random(42);
        var text = new StringBuilder();
        for (var r = 0; r < Rows; r++)
        {
            for (var f = 0; f < 69; f++)
            {
                if (f > 0) text.Append(',');
                text.Append(f < 15 ? (random.NextDouble() * 300).ToString("0.##", CultureInfo.InvariantCulture) : random.Next(2).ToString(CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        _payload = Encoding.UTF8.GetBytes(text.ToString());
        _features = new float[Rows * 69];
    }

    [Benchmark(Baseline = true)]
    public float StringSplitParse()
    {
        var lines = Encoding.UTF8.GetString(_payload).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        foreach (var line in lines)
        {
            foreach (var field in line.Split(','))
            {
                _features[i++] = field.Length == 0 ? float.NaN : (float)double.Parse(field, CultureInfo.InvariantCulture);
            }
        }

        return _features[0];
    }

    public int PayloadBytes => _payload.Length;

    [Benchmark]
    public int SpanDoubleParse()
    {
        var body = _payload.AsSpan();
        var i = 0;
        while (!body.IsEmpty)
        {
            var newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            while (!line.IsEmpty)
            {
                var comma = line.IndexOf((byte)',');
                var field = comma < 0 ? line : line[..comma];
                line = comma < 0 ? default : line[(comma + 1)..];
                _features[i++] = double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (float)d : float.NaN;
            }
        }

        return i;
    }

    [Benchmark]
    public int? SpanDecoder() => CsvDecoder.Decode(_payload, 69, false, _features, out _);
}
