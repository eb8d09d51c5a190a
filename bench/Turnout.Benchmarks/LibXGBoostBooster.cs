using System.Runtime.InteropServices;
using System.Text;

namespace Turnout.Benchmarks;

/// <summary>
/// Debian's libxgboost 1.7.4 through its C API, the way xgboost's Python <c>inplace_predict</c> calls it:
/// <c>XGBoosterPredictFromDense</c> with a JSON array-interface string over the caller's float32 rows, no DMatrix,
/// <c>nthread=1</c>. Request strings are UTF-8 encoded and pinned once, so the timing is libxgboost's own per-call path.
/// </summary>
internal sealed unsafe partial class LibXGBoostBooster : IDisposable
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libxgboost.so.0";
    private static readonly byte[] Config = Utf8Z("{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}");

    private IntPtr _handle;

    public LibXGBoostBooster(byte[] model)
    {
        Check(XGBoosterCreate(IntPtr.Zero, 0, out _handle));
        fixed (byte* p = model)
        {
            Check(XGBoosterLoadModelFromBuffer(_handle, p, (ulong)model.Length));
        }

        Check(XGBoosterSetParam(_handle, "nthread", "1"));
    }

    /// <summary>An array-interface request for <paramref name="rows"/> rows starting at <paramref name="data"/> (which must stay pinned).</summary>
    public static byte[] Request(float* data, int rows, int columns) =>
        Utf8Z($"{{\"data\": [{(ulong)data}, true], \"shape\": [{rows}, {columns}], \"typestr\": \"<f4\", \"version\": 3}}");

    /// <summary>Predicts with a pinned request; returns libxgboost's output buffer (valid until the next call).</summary>
    public ReadOnlySpan<float> Predict(byte[] request, int outputs)
    {
        IntPtr result;
        fixed (byte* values = request)
        fixed (byte* config = Config)
        {
            Check(XGBoosterPredictFromDense(_handle, values, config, IntPtr.Zero, out _, out _, out result));
        }

        return new ReadOnlySpan<float>((void*)result, outputs);
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            _ = XGBoosterFree(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private static byte[] Utf8Z(string text) => Encoding.UTF8.GetBytes(text + "\0");

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException("libxgboost: " + Marshal.PtrToStringUTF8(XGBGetLastError()));
        }
    }

    [LibraryImport(Library)]
    private static partial int XGBoosterCreate(IntPtr dmats, ulong length, out IntPtr handle);

    [LibraryImport(Library)]
    private static partial int XGBoosterFree(IntPtr handle);

    [LibraryImport(Library)]
    private static partial int XGBoosterLoadModelFromBuffer(IntPtr handle, byte* buffer, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int XGBoosterSetParam(IntPtr handle, string name, string value);

    [LibraryImport(Library)]
    private static partial int XGBoosterPredictFromDense(IntPtr handle, byte* values, byte* config, IntPtr proxy, out IntPtr shape, out ulong dimensions, out IntPtr result);

    [LibraryImport(Library)]
    private static partial IntPtr XGBGetLastError();
}
