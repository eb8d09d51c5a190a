using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Turnout.Benchmarks;

/// <summary>
/// Batch throughput: 10 000 rows in one call. Baseline: libxgboost 1.7.4 single-threaded (nthread=1)
/// on the same pinned rows in the same run.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public unsafe class PredictBatchBenchmarks
{
    private BenchModel _model = null!;
    private LibXGBoostBooster _lib = null!;
    private float[] _pinned = [];
    private byte[] _request = [];
    private float[] _output = [];

    [Params("churn", "large")]
    public string Model { get; set; } = "churn";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModel.Load(Model);
        _lib = new LibXGBoostBooster(_model.ModelBytes);
        _pinned = GC.AllocateArray<float>(_model.Rows.Length, pinned: true);
        _model.Rows.CopyTo(_pinned, 0);
        _request = LibXGBoostBooster.Request((float*)Marshal.UnsafeAddrOfPinnedArrayElement(_pinned, 0), BenchModel.BatchRows, _model.FeatureCount);
        _output = new float[BenchModel.BatchRows];

        var expected = _lib.Predict(_request, BenchModel.BatchRows);
        _model.Flat.Predict(_pinned, BenchModel.BatchRows, _output);
        for (int r = 0; r < BenchModel.BatchRows; r++)
        {
            if (BitConverter.SingleToInt32Bits(expected[r]) != BitConverter.SingleToInt32Bits(_output[r]))
            {
                throw new InvalidOperationException($"{Model} row {r}: libxgboost {expected[r]:R}, Turnout {_output[r]:R}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _lib.Dispose();

    [Benchmark(Baseline = true)]
    public float LibXGBoost() => _lib.Predict(_request, BenchModel.BatchRows)[^1];

    [Benchmark]
    public float Turnout()
    {
        _model.Flat.Predict(_pinned, BenchModel.BatchRows, _output);
        return _output[^1];
    }

    [Benchmark]
    public float TurnoutGeneric()
    {
        _model.Generic.Predict(_pinned, BenchModel.BatchRows, _output);
        return _output[^1];
    }
}
