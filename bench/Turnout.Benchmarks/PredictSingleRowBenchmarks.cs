using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Turnout.Benchmarks;

/// <summary>
/// Single-row latency: one row per call, cycling over 64 different rows. Baseline: libxgboost 1.7.4's
/// per-call path (XGBoosterPredictFromDense, nthread=1) in the same run. "Generic" is Turnout's previous
/// general traversal, which still serves categorical models.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public unsafe class PredictSingleRowBenchmarks
{
    private const int Distinct = 64;

    private BenchModel _model = null!;
    private LibXGBoostBooster _lib = null!;
    private float[] _pinned = [];
    private byte[][] _requests = [];
    private readonly float[] _output = new float[1];
    private int _next;

    [Params("churn", "large")]
    public string Model { get; set; } = "churn";

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchModel.Load(Model);
        _lib = new LibXGBoostBooster(_model.ModelBytes);
        int f = _model.FeatureCount;
        _pinned = GC.AllocateArray<float>(Distinct * f, pinned: true);
        _model.Rows.AsSpan(0, Distinct * f).CopyTo(_pinned);
        _requests = new byte[Distinct][];
        for (int r = 0; r < Distinct; r++)
        {
            _requests[r] = LibXGBoostBooster.Request((float*)Marshal.UnsafeAddrOfPinnedArrayElement(_pinned, r * f), 1, f);
        }

        // Refuse to time anything that does not predict exactly what libxgboost predicts.
        for (int r = 0; r < Distinct; r++)
        {
            float expected = _lib.Predict(_requests[r], 1)[0];
            _model.Flat.Predict(_pinned.AsSpan(r * f, f), 1, _output);
            if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(_output[0]))
            {
                throw new InvalidOperationException($"{Model} row {r}: libxgboost {expected:R}, Turnout {_output[0]:R}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _lib.Dispose();

    [Benchmark(Baseline = true)]
    public float LibXGBoost()
    {
        int r = _next++ & (Distinct - 1);
        return _lib.Predict(_requests[r], 1)[0];
    }

    [Benchmark]
    public float Turnout()
    {
        int r = _next++ & (Distinct - 1);
        int f = _model.FeatureCount;
        _model.Flat.Predict(_pinned.AsSpan(r * f, f), 1, _output);
        return _output[0];
    }

    [Benchmark]
    public float TurnoutGeneric()
    {
        int r = _next++ & (Distinct - 1);
        int f = _model.FeatureCount;
        _model.Generic.Predict(_pinned.AsSpan(r * f, f), 1, _output);
        return _output[0];
    }
}
