using System.Text;
using Turnout.Metrics;
using Turnout.Models.XGBoost;
using Turnout.Runtime;
using Turnout.Runtime.Buffers;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;
using Turnout.Tests.Models;

namespace Turnout.Tests.Codecs;

/// <summary>Every input format must reach the model as exactly the same features as the CSV path.</summary>
public class InvocationTests
{
    private static readonly MetricsHub Hub = new(TimeProvider.System);

    public static TheoryData<string> Cases => new() { "binary_logistic", "multi_softprob", "categorical_partition" };

    private static (VariantRoute Variant, string[][] Cells) Setup(string caseName, OutputStyle style = OutputStyle.LinePerRow, string? defaultAccept = null, float missing = float.NaN)
    {
        string dir = Path.Combine(RepoPaths.XGBoostFixtures, caseName);
        var predictor = XGBoostModelLoader.Load(File.ReadAllBytes(Path.Combine(dir, "model.json")), "model.json");
        var variant = new VariantRoute("V", "m", 1, [new ModelInstance(0, predictor)], style, Hub.GetVariant("inv", caseName), false, defaultAccept, missingValue: missing);
        var cells = File.ReadAllLines(Path.Combine(dir, "input.csv")).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        return (variant, cells);
    }

    private static (string Body, DecodeError? Error, string ContentType) Run(VariantRoute variant, byte[] body, string? contentType, string? accept)
    {
        using var output = new PooledByteWriter();
        var error = Invocation.Run(variant, variant.Instances[0], body, contentType, accept, output, out var responseType);
        return (Encoding.UTF8.GetString(output.WrittenMemory.Span), error, responseType);
    }

    private static bool Missing(string cell) => cell.Length == 0 || cell == "nan";

    private static string Json(string cell) => Missing(cell) ? "null" : cell;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_EveryInputFormat_SamePredictionsAsCsv(string caseName)
    {
        var (variant, cells) = Setup(caseName);
        var csv = Run(variant, Encoding.UTF8.GetBytes(string.Join('\n', cells.Select(c => string.Join(',', c)))), "text/csv", "text/csv");
        Assert.Null(csv.Error);
        Assert.Equal(cells.Length, csv.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var libsvm = string.Join('\n', cells.Select(c => "0 " + string.Join(' ', c.Select((v, i) => (v, i)).Where(x => !Missing(x.v)).Select(x => $"{x.i}:{x.v}"))));
        var json = "{\"instances\": [" + string.Join(", ", cells.Select(c => "[" + string.Join(", ", c.Select(Json)) + "]")) + "]}";
        var jsonLines = string.Join('\n', cells.Select(c => "{\"features\": [" + string.Join(",", c.Select(Json)) + "]}"));
        var dense = new RecordIOWriter();
        var sparse = new RecordIOWriter();
        foreach (var row in cells)
        {
            var parsed = row.Select(v => Missing(v) ? double.NaN : double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            dense.Add(parsed);
            var present = Enumerable.Range(0, row.Length).Where(i => !Missing(row[i])).ToArray();
            sparse.Add(present.Select(i => parsed[i]).ToArray(), present.Select(i => (ulong)i).ToArray(), (ulong)row.Length);
        }

        foreach (var (body, type) in new[]
        {
            (Encoding.UTF8.GetBytes(libsvm), "text/libsvm"),
            (Encoding.UTF8.GetBytes(libsvm), (string?)null),
            (Encoding.UTF8.GetBytes(json), "application/json"),
            (Encoding.UTF8.GetBytes(jsonLines), "application/jsonlines"),
            (dense.ToArray(), "application/x-recordio-protobuf"),
            (sparse.ToArray(), "application/x-recordio-protobuf"),
        })
        {
            var result = Run(variant, body, type, "text/csv");
            Assert.Null(result.Error);
            Assert.Equal(csv.Body, result.Body);
        }
    }

    [Fact]
    public void Run_AcceptJson_ScoresAndContentType()
    {
        var (variant, cells) = Setup("binary_logistic");
        var csv = Run(variant, Encoding.UTF8.GetBytes(string.Join(',', cells[0]) + "\n" + string.Join(',', cells[1])), "text/csv", null);
        var json = Run(variant, Encoding.UTF8.GetBytes(string.Join(',', cells[0]) + "\n" + string.Join(',', cells[1])), "text/csv", "application/json");
        Assert.Equal("text/csv", csv.ContentType);
        Assert.Equal("application/json", json.ContentType);
        var scores = csv.Body.TrimEnd('\n').Split('\n');
        Assert.Equal($"{{\"predictions\": [{{\"score\": {scores[0]}}}, {{\"score\": {scores[1]}}}]}}", json.Body);
    }

    [Fact]
    public void Run_MultiClassJsonLines_ProbabilityLists()
    {
        var (variant, cells) = Setup("multi_softprob");
        var result = Run(variant, Encoding.UTF8.GetBytes(string.Join(',', cells[2])), "text/csv", "application/jsonlines");
        Assert.Null(result.Error);
        Assert.Equal("application/jsonlines", result.ContentType);
        Assert.Matches(@"^\{""score"": \[[^,\]]+, [^,\]]+, [^,\]]+\]\}\n$", result.Body);
    }

    [Fact]
    public void Run_DefaultAcceptFromEnvironment_UsedForStarOrNone()
    {
        var (variant, cells) = Setup("binary_logistic", defaultAccept: "application/jsonlines");
        var body = Encoding.UTF8.GetBytes(string.Join(',', cells[0]));
        Assert.Equal("application/jsonlines", Run(variant, body, "text/csv", null).ContentType);
        Assert.Equal("application/jsonlines", Run(variant, body, "text/csv", "*/*").ContentType);
        Assert.Equal("text/csv", Run(variant, body, "text/csv", "text/csv").ContentType);
    }

    [Fact]
    public void Run_UnsupportedAccept_406AndUnsupportedContentType_415()
    {
        var (variant, cells) = Setup("binary_logistic");
        var body = Encoding.UTF8.GetBytes(string.Join(',', cells[0]));
        Assert.Equal(406, Run(variant, body, "text/csv", "application/xml").Error!.StatusCode);
        Assert.Equal(415, Run(variant, body, "application/x-parquet", "text/csv").Error!.StatusCode);
        Assert.Equal(415, Run(variant, body, "application/json", "text/csv").Error!.StatusCode);
    }

    [Fact]
    public void Run_ContainerBefore122_IgnoresAccept()
    {
        var (variant, cells) = Setup("binary_logistic", OutputStyle.CommaJoined);
        var body = Encoding.UTF8.GetBytes(string.Join(',', cells[0]) + "\n" + string.Join(',', cells[1]));
        var result = Run(variant, body, "text/csv", "application/xml");
        Assert.Null(result.Error);
        Assert.Equal("text/csv", result.ContentType);
        Assert.DoesNotContain("\n", result.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UserMissingValue_MatchesLibXGBoostWithDMatrixMissing()
    {
        var (variant, cells) = Setup("missing_value", missing: -999f);
        var result = Run(variant, Encoding.UTF8.GetBytes(string.Join('\n', cells.Select(c => string.Join(',', c)))), "text/csv", "text/csv");
        Assert.Null(result.Error);
        var expected = File.ReadAllLines(Path.Combine(RepoPaths.XGBoostFixtures, "missing_value", "expected.csv")).Where(l => l.Length > 0)
            .Select(l => (float)double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var actual = result.Body.TrimEnd('\n').Split('\n').Select(l => (float)double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected, actual);

        var (plain, _) = Setup("missing_value");
        var asValues = Run(plain, Encoding.UTF8.GetBytes(string.Join('\n', cells.Select(c => string.Join(',', c)))), "text/csv", "text/csv");
        Assert.NotEqual(result.Body, asValues.Body);
    }
}
