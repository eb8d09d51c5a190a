namespace Turnout.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["quick", ..])
        {
            foreach (string model in args.Length > 1 ? args[1..] : ["churn", "large"])
            {
                QuickCompare.Run(model);
            }

            return;
        }

        BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
