using System.Runtime.CompilerServices;

namespace Turnout.Metrics.Histograms;

/// <summary>
/// The log-linear bucket scheme every histogram shares, so any two histograms merge bucket by bucket.
/// A bucket key is the sign, the IEEE-754 exponent and the top <see cref="SubBucketBits"/> mantissa bits of
/// a value: each power of two is split into 64 equal buckets, so a bucket is at most 1/64 of its lower
/// bound wide and its midpoint is within 1/128 (0.78 %) of any value in it. Integers below 64 get a
/// bucket each (reported as its midpoint, so still within 0.78 %). Key order is value order (negative keys for negative values, 0 for zero).
/// </summary>
internal static class LogLinear
{
    public const int SubBucketBits = 6;

    /// <summary>Largest relative distance between a value and its bucket's midpoint.</summary>
    public const double MaxRelativeError = 1.0 / (1 << (SubBucketBits + 1));

    /// <summary>Microsecond latencies are clamped to this (about 19 hours) in the dense hot-path arrays.</summary>
    public const long MaxDenseMicros = (1L << 36) - 1;

    /// <summary>Dense index 0 is zero; 1.. cover [1, 2^36) µs.</summary>
    public const int DenseLength = (36 << SubBucketBits) + 1;

    private const int Shift = 52 - SubBucketBits;

    // Key of 1.0: biased exponent 1023, mantissa 0.
    private const int FirstDenseKey = 1023 << SubBucketBits;

    /// <summary>The bucket key of any finite value; zero and subnormals share key 0.</summary>
    public static int KeyOf(double value)
    {
        var magnitude = (int)((BitConverter.DoubleToInt64Bits(value) & long.MaxValue) >> Shift);
        return value < 0 ? -magnitude : magnitude;
    }

    /// <summary>The dense hot-path index of a non-negative microsecond value (negative counts as 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DenseIndex(long micros)
    {
        if (micros <= 0)
        {
            return 0;
        }

        if (micros > MaxDenseMicros)
        {
            micros = MaxDenseMicros;
        }

        return (int)(BitConverter.DoubleToInt64Bits(micros) >> Shift) - FirstDenseKey + 1;
    }

    public static int KeyOfDense(int index) => index == 0 ? 0 : index - 1 + FirstDenseKey;

    /// <summary>Smallest value of the bucket (by magnitude).</summary>
    public static double LowerBound(int key) => key == 0 ? 0 : Math.CopySign(BitConverter.Int64BitsToDouble((long)Math.Abs(key) << Shift), key);

    /// <summary>The bound the bucket's values stay below (by magnitude).</summary>
    public static double UpperBound(int key) => key == 0 ? 0 : Math.CopySign(BitConverter.Int64BitsToDouble((long)(Math.Abs(key) + 1) << Shift), key);

    /// <summary>The value a bucket stands for in percentiles: its midpoint.</summary>
    public static double Midpoint(int key) => key == 0 ? 0 : (LowerBound(key) + UpperBound(key)) / 2;
}
