using System.Formats.Tar;
using System.IO.Compression;
using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Compiled;
using Turnout.Models.XGBoost.Pickle;

namespace Turnout.Benchmarks;

/// <summary>The benchmark models and rows: the notebook's churn model and the generated 1000-tree model.</summary>
internal sealed class BenchModel
{
    public const int BatchRows = 10_000;

    private BenchModel(string name, byte[] modelBytes, float[] rows, int featureCount)
    {
        Name = name;
        ModelBytes = modelBytes;
        Rows = rows;
        FeatureCount = featureCount;
        Flat = XGBoostModelLoader.Load(modelBytes, name);
        Generic = EnsembleCompiler.CompileGeneric(XGBoostModelReader.Read(modelBytes));
    }

    public string Name { get; }

    /// <summary>Bytes libxgboost loads directly (legacy binary for churn, UBJSON for the generated model).</summary>
    public byte[] ModelBytes { get; }

    /// <summary><see cref="BatchRows"/> rows, row-major float32, NaN = missing.</summary>
    public float[] Rows { get; }

    public int FeatureCount { get; }

    public IPredictor Flat { get; }

    public IPredictor Generic { get; }

    public static BenchModel Load(string name) => name switch
    {
        "churn" => Churn(),
        "large" => Large(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static BenchModel Churn()
    {
        string root = RepoRoot();
        byte[] pickle;
        using (var tar = new TarReader(new GZipStream(File.OpenRead(Path.Combine(root, "examples/churn-ab/model/xgb-churn-prediction-model.tar.gz")), CompressionMode.Decompress)))
        {
            TarEntry? entry;
            while ((entry = tar.GetNextEntry()) is not null && entry.Name != "xgboost-model")
            {
            }

            using var buffer = new MemoryStream();
            entry!.DataStream!.CopyTo(buffer);
            pickle = buffer.ToArray();
        }

        // The pickle's handle is an XGBoost 0.90 legacy binary model, which libxgboost 1.7 loads (spec section 3).
        byte[] legacy = BoosterPickleReader.ReadHandle(pickle);
        var lines = File.ReadAllLines(Path.Combine(root, "examples/churn-ab/test_data/test-dataset.csv")).Where(l => l.Length > 0).ToArray();
        var rows = new float[BatchRows * 69];
        for (int r = 0; r < BatchRows; r++)
        {
            var cells = lines[r % lines.Length].Split(',');
            for (int f = 0; f < 69; f++)
            {
                rows[(r * 69) + f] = (float)double.Parse(cells[f + 1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new BenchModel("churn", legacy, rows, 69);
    }

    private static BenchModel Large()
    {
        string dir = Path.Combine(RepoRoot(), "bench", "models");
        string model = Path.Combine(dir, "large-1000x8x200.ubj");
        if (!File.Exists(model))
        {
            throw new FileNotFoundException("Generate the large model first: /usr/bin/python3 bench/gen_bench_model.py", model);
        }

        var rows = new float[BatchRows * 200];
        File.ReadAllBytes(Path.Combine(dir, "large-rows.f32")).AsSpan().CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.AsSpan()));
        return new BenchModel("large", File.ReadAllBytes(model), rows, 200);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Turnout.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Turnout.slnx not found above " + AppContext.BaseDirectory);
    }
}
