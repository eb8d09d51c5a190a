using System.Globalization;
using System.Text;
using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Runtime;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;
using Turnout.Tests.Codecs;
using Turnout.Tests.Models;
using Turnout.Wire.Auth;
using Xunit.Abstractions;

namespace Turnout.Tests.Fuzz;

/// <summary>
/// The CI fuzz harness (issue 7): a fixed, seeded number of mutated inputs per target, built from real
/// inputs, so a run is reproducible and takes seconds. Request decoders run through <see cref="Invocation"/>
/// with a real compiled model and must answer every body with a result or a <see cref="DecodeError"/>, never
/// an exception; model readers may only throw <see cref="ModelLoadException"/>; the SigV4 parser never throws.
/// Inputs that once failed live in tests/fixtures/fuzz/TARGET and run first.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DecoderIterations = 4000;
    private const int ModelIterations = 600;

    private static readonly Lazy<IPredictor> Model = new(() =>
        XGBoostModelLoader.Load(File.ReadAllBytes(Path.Combine(RepoPaths.XGBoostFixtures, "binary_logistic", "model.json")), "model.json"));

    private static readonly Lazy<FixtureCsv> Rows = new(() => FixtureCase.All.Single(c => c.Name == "binary_logistic").Input);

    public static TheoryData<string> Formats() => ["text/csv", "text/libsvm", "application/json", "application/jsonlines", "application/x-recordio-protobuf"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void RequestDecoder_MutatedBodies_AnswerOrDecodeErrorOnly(string contentType)
    {
        var predictor = Model.Value;
        var variant = new VariantRoute("V", "m", 1, [new ModelInstance(0, predictor)], OutputStyle.LinePerRow,
            new Turnout.Metrics.MetricsHub(TimeProvider.System).GetVariant("fuzz", "V"), acceptsOneFewerColumn: true);
        var name = "decoder-" + contentType.Split('/')[1];
        var count = FuzzRunner.Run(output, name, Seeds(contentType), DecoderIterations,
            body =>
            {
                using var writer = new PooledByteWriter();
                var error = Invocation.Run(variant, variant.Instances[0], body, contentType, "application/json", writer, out _);
                Assert.True(error is null || error.StatusCode is >= 400 and < 600, error?.Message);
                Assert.True(error is not null || writer.WrittenCount > 0);
            },
            expected: _ => false,
            // The feature matrix grows with the body: 4 bytes per feature, at most one feature per body byte.
            allocationBound: body => 1_048_576 + 64L * body.Length);
        Assert.True(count > DecoderIterations);
    }

    public static TheoryData<string, string> ModelFiles() => new()
    {
        { "binary_logistic", "model.p2.pkl" },
        { "binary_logistic", "model.p5.pkl" },
        { "binary_logistic", "model.bin" },
        { "binary_logistic", "model.json" },
        { "binary_logistic", "model.ubj" },
    };

    [Theory]
    [MemberData(nameof(ModelFiles))]
    public void ModelReader_MutatedFiles_LoadOrModelLoadExceptionOnly(string caseName, string file)
    {
        var seed = File.ReadAllBytes(Path.Combine(RepoPaths.XGBoostFixtures, caseName, file));
        var input = Rows.Value;
        var count = FuzzRunner.Run(output, "model-" + file.Replace('.', '-'), [seed], ModelIterations,
            bytes =>
            {
                var predictor = XGBoostModelLoader.Load(bytes, file);
                if (predictor.FeatureCount == input.Columns && predictor.OutputCount <= 1024)
                {
                    predictor.Predict(input.Values, input.Rows, new float[input.Rows * predictor.OutputCount]);
                }
            },
            expected: e => e is ModelLoadException,
            // A model is a few times its file; a corrupted size field must not buy more.
            allocationBound: bytes => 64L * 1024 * 1024 + 64L * bytes.Length);
        Assert.True(count > ModelIterations);
    }

    [Fact]
    public void SigV4AuthorizationParser_MutatedHeaders_ParseOrErrorMessage()
    {
        string[] seeds =
        [
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/monitoring/aws4_request,SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,Signature=0000000000000000000000000000000000000000000000000000000000000000",
        ];
        var count = FuzzRunner.Run(output, "sigv4-authorization", [.. seeds.Select(Encoding.UTF8.GetBytes)], DecoderIterations,
            bytes =>
            {
                // Headers reach the parser as strings; invalid UTF-8 becomes U+FFFD as Kestrel would decode it as Latin-1 or reject it.
                var header = Encoding.Latin1.GetString(bytes);
                if (!SigV4AuthorizationParser.TryParse(header, out _, out var error))
                {
                    Assert.False(string.IsNullOrEmpty(error));
                }
            },
            expected: _ => false,
            allocationBound: bytes => 64L * 1024 + 8L * bytes.Length);
        Assert.True(count > DecoderIterations);
    }

    private static byte[][] Seeds(string contentType)
    {
        var rows = Rows.Value;
        var lines = Enumerable.Range(0, Math.Min(rows.Rows, 6))
            .Select(r => rows.Values.AsSpan(r * rows.Columns, rows.Columns).ToArray())
            .ToArray();
        static string F(float v) => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);
        static string J(float v) => float.IsNaN(v) ? "null" : v.ToString("R", CultureInfo.InvariantCulture);
        return contentType switch
        {
            "text/csv" =>
            [
                Encoding.UTF8.GetBytes(string.Join(',', lines[0].Select(F))),
                Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => string.Join(',', l.Select(F)))) + "\n"),
            ],
            "text/libsvm" =>
            [
                Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => "1 " + string.Join(' ', l.Select((v, i) => (v, i)).Where(p => !float.IsNaN(p.v)).Select(p => $"{p.i}:{F(p.v)}"))))),
                "0 1:0.5 3:2\n1 2:1e3\n"u8.ToArray(),
            ],
            "application/json" =>
            [
                Encoding.UTF8.GetBytes("{\"instances\":[" + string.Join(',', lines.Select(l => "[" + string.Join(',', l.Select(J)) + "]")) + "]}"),
                Encoding.UTF8.GetBytes("{\"features\":[" + string.Join(',', lines[0].Select(J)) + "]}"),
                Encoding.UTF8.GetBytes("[{\"features\":[" + string.Join(',', lines[1].Select(J)) + "]}]"),
            ],
            "application/jsonlines" =>
            [
                Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => "[" + string.Join(',', l.Select(J)) + "]"))),
                Encoding.UTF8.GetBytes(string.Join('\n', lines.Select(l => "{\"features\":[" + string.Join(',', l.Select(J)) + "]}")) + "\n"),
            ],
            _ =>
            [
                lines.Aggregate(new RecordIOWriter(), (w, l) => w.Add([.. l.Select(v => float.IsNaN(v) ? 0.0 : v)])).ToArray(),
                new RecordIOWriter().Add([1.5, 2.5], keys: [0, 3], dimension: (ulong)rows.Columns).ToArray(),
            ],
        };
    }
}
