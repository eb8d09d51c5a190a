using System.Diagnostics;
using Xunit.Abstractions;

namespace Turnout.Tests.Fuzz;

/// <summary>
/// Runs a target over seeded mutations of its seeds plus its saved regression inputs under tests/fixtures/fuzz/NAME.
/// The property: the target returns or throws only what <paramref name="expected"/> allows, every input
/// finishes within a bound, and no input allocates more than a bound. A failing input is written to the
/// test output as base64 so it can be saved as a regression file.
/// </summary>
internal static class FuzzRunner
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(2);

    public static int Run(ITestOutputHelper output, string name, IReadOnlyList<byte[]> seeds, int iterations, Action<byte[]> target,
        Func<Exception, bool> expected, Func<byte[], long> allocationBound)
    {
        var inputs = Regressions(name).Concat(seeds).Concat(Mutations(name, seeds, iterations));
        var count = 0;
        var slowest = TimeSpan.Zero;
        long mostAllocated = 0;
        var total = Stopwatch.StartNew();
        foreach (var input in inputs)
        {
            count++;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                target(input);
            }
            catch (Exception e) when (expected(e))
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}: input #{count} threw {e.GetType().Name}: {e.Message}\n{Describe(input)}\n{e}");
            }

            var elapsed = clock.Elapsed;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            Assert.True(elapsed < PerInput, $"{name}: input #{count} took {elapsed.TotalMilliseconds:F0} ms\n{Describe(input)}");
            Assert.True(allocated <= allocationBound(input), $"{name}: input #{count} ({input.Length} bytes) allocated {allocated} bytes\n{Describe(input)}");
            slowest = elapsed > slowest ? elapsed : slowest;
            mostAllocated = Math.Max(mostAllocated, allocated);
        }

        output.WriteLine($"fuzz {name}: {count} inputs in {total.Elapsed.TotalSeconds:F2} s; slowest {slowest.TotalMilliseconds:F1} ms; most allocated {mostAllocated / 1024} KiB");
        return count;
    }

    private static IEnumerable<byte[]> Mutations(string name, IReadOnlyList<byte[]> seeds, int iterations)
    {
        var mutator = new Mutator(StableHash(name));
        for (var i = 0; i < iterations; i++)
        {
            yield return mutator.Mutate(seeds);
        }
    }

    private static IEnumerable<byte[]> Regressions(string name)
    {
        var dir = Path.Combine(Turnout.Tests.Models.RepoPaths.Root, "tests", "fixtures", "fuzz", name);
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes) : [];
    }

    private static string Describe(byte[] input) =>
        $"base64 ({input.Length} bytes): {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 4096)))}";

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
