namespace Turnout.Benchmarks;

internal static class Program
{
    private static void Main(string[] args)
    {
        if (args is ["payload-size"])
        {
            foreach (int rows in new[] { 1, 1000 })
            {
                var csv = new CsvDecodeBenchmarks { Rows = rows };
                csv.Setup();
                System.Console.WriteLine($"CSV payload, {rows} rows: {csv.PayloadBytes} bytes");
            }

            return;
        }

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
