using System.Globalization;
using System.Runtime.InteropServices;

namespace Turnout.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- quick [churn|large]</c>: a fast check outside BenchmarkDotNet. The three predictors
/// run interleaved in short rounds, timed in this thread's CPU time (<c>CLOCK_THREAD_CPUTIME_ID</c>) so time spent
/// descheduled on a shared machine is not counted, and each reports its best round.
/// </summary>
internal static unsafe partial class QuickCompare
{
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    public static void Run(string modelName)
    {
        var model = BenchModel.Load(modelName);
        using var lib = new LibXGBoostBooster(model.ModelBytes);
        int f = model.FeatureCount;
        var pinned = GC.AllocateArray<float>(model.Rows.Length, pinned: true);
        model.Rows.CopyTo(pinned, 0);
        var one = new byte[64][];
        for (int r = 0; r < 64; r++)
        {
            one[r] = LibXGBoostBooster.Request((float*)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, r * f), 1, f);
        }

        var batch = LibXGBoostBooster.Request((float*)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0), BenchModel.BatchRows, f);
        var output = new float[BenchModel.BatchRows];
        double libOne = double.MaxValue, flatOne = double.MaxValue, genericOne = double.MaxValue;
        double libBatch = double.MaxValue, flatBatch = double.MaxValue, genericBatch = double.MaxValue;
        for (int round = 0; round < 40; round++)
        {
            libOne = Math.Min(libOne, Time(200, i => lib.Predict(one[i & 63], 1)));
            flatOne = Math.Min(flatOne, Time(2000, i => model.Flat.Predict(pinned.AsSpan((i & 63) * f, f), 1, output)));
            genericOne = Math.Min(genericOne, Time(2000, i => model.Generic.Predict(pinned.AsSpan((i & 63) * f, f), 1, output)));
            if (round % 4 == 0)
            {
                libBatch = Math.Min(libBatch, Time(1, _ => lib.Predict(batch, BenchModel.BatchRows)));
                flatBatch = Math.Min(flatBatch, Time(1, _ => model.Flat.Predict(pinned, BenchModel.BatchRows, output)));
                genericBatch = Math.Min(genericBatch, Time(1, _ => model.Generic.Predict(pinned, BenchModel.BatchRows, output)));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{modelName}: single row  libxgboost {libOne:F2} us, Turnout {flatOne:F2} us ({libOne / flatOne:F1}x), generic {genericOne:F2} us ({libOne / genericOne:F1}x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{modelName}: 10k batch   libxgboost {libBatch / 1000:F2} ms, Turnout {flatBatch / 1000:F2} ms ({libBatch / flatBatch:F2}x), generic {genericBatch / 1000:F2} ms ({libBatch / genericBatch:F2}x)"));
    }

    /// <summary>Thread CPU microseconds per call over <paramref name="calls"/> calls.</summary>
    private static double Time(int calls, Action<int> call)
    {
        double start = CpuMicroseconds();
        for (int i = 0; i < calls; i++)
        {
            call(i);
        }

        return (CpuMicroseconds() - start) / calls;
    }

    private static double CpuMicroseconds()
    {
        Timespec t;
        _ = clock_gettime(ThreadCpuClock, &t);
        return (t.Seconds * 1e6) + (t.Nanoseconds / 1e3);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, Timespec* time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
