using System.Text;
using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Formats;
using Turnout.Models.XGBoost.Formats.Document;

namespace Turnout.Tests.Models;

public sealed class DocumentModelReaderTests
{
    [Fact]
    public void JsonTextParser_NonFiniteTokensAndENotation_ParsedAsFloat32()
    {
        var doc = JsonTextParser.Parse("{\"a\":[NaN, Infinity,-Infinity, -4.2857143E-1, 5E-1, -0E0, 4.28571432828903198e-01, 7]}"u8);

        var values = doc.Get("a", "root").AsSingles("a");
        Assert.True(float.IsNaN(values[0]));
        Assert.Equal(float.PositiveInfinity, values[1]);
        Assert.Equal(float.NegativeInfinity, values[2]);
        Assert.Equal(-0.42857143f, values[3]);
        Assert.Equal(0.5f, values[4]);
        Assert.True(float.IsNegative(values[5]));
        Assert.Equal(0.42857143f, values[6]);
        Assert.Equal(7f, values[7]);
        Assert.Null(doc.Get("a", "root").Integers);
    }

    [Fact]
    public void JsonTextParser_BooleansStringsAndNesting_Parsed()
    {
        var doc = JsonTextParser.Parse(" {\"b\" : [true, false, 1, 0], \"s\":\"x\\\"y\\u00e9\", \"o\":{\"n\":null,\"e\":[]}} "u8);

        Assert.Equal([1L, 0L, 1L, 0L], doc.Get("b", "root").AsInt64s("b"));
        Assert.Equal("x\"y\u00e9", doc.Get("s", "root").AsString("s"));
        Assert.Equal(DocKind.Null, doc.Get("o", "root").Get("n", "o").Kind);
        Assert.Empty(doc.Get("o", "root").Get("e", "o").AsInt32s("e"));
    }

    [Theory]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":nope}")]
    [InlineData("{\"a\":\"unterminated}")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"a\":1.2.3}")]
    public void JsonTextParser_Malformed_Throws(string json)
    {
        Assert.Throws<ModelFormatException>(() => JsonTextParser.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void JsonTextParser_DeepNesting_ThrowsInsteadOfOverflowing()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        Assert.Throws<ModelFormatException>(() => JsonTextParser.Parse(Encoding.ASCII.GetBytes(json)));
    }

    [Fact]
    public void UbjsonParser_XGBoostEncoding_Parsed()
    {
        var u = new Ubj().Op('{')
            .Key("f").Op('[', '$', 'd', '#').Op('L').BE(2L).BE(1.5f).BE(-0.25f)
            .Key("i").Op('[', '$', 'l', '#').Op('L').BE(2L).BE(-1).BE(2147483647)
            .Key("u").Op('[', '$', 'U', '#').Op('L').BE(3L).Op(1, 0, 1)
            .Key("a").Op('[', '#').Op('L').BE(3L).Op('i', 0x7E).Op('I').BE((short)127).Op('S').Op('L').BE(1L).Op('z')
            .Key("o").Op('[').Op('T').Op('F').Op('Z').Op(']')
            .Op('}');

        var doc = UbjsonParser.Parse(u.ToArray());

        Assert.Equal([1.5f, -0.25f], doc.Get("f", "root").AsSingles("f"));
        Assert.Equal([-1, int.MaxValue], doc.Get("i", "root").AsInt32s("i"));
        Assert.Equal([1L, 0L, 1L], doc.Get("u", "root").AsInt64s("u"));
        var a = doc.Get("a", "root").AsItems("a");
        Assert.Equal(126, a[0].Integer);
        Assert.Equal(127, a[1].Integer);
        Assert.Equal("z", a[2].AsString("s"));
        var o = doc.Get("o", "root").AsItems("o");
        Assert.Equal([DocKind.Bool, DocKind.Bool, DocKind.Null], o.Select(x => x.Kind));
        Assert.Equal(0, o[1].Integer);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 1, (byte)'a', (byte)'[', (byte)'$', (byte)'d', (byte)'#', (byte)'L', 0x7F, 0, 0, 0, 0, 0, 0, 0 }, "claims")]
    [InlineData(new byte[] { (byte)'{', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 1, (byte)'a', (byte)'[', (byte)'$', (byte)'x', (byte)'#', (byte)'i', 1, 0 }, "typed array")]
    [InlineData(new byte[] { (byte)'{', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 1, (byte)'a', (byte)'?' }, "unexpected marker")]
    [InlineData(new byte[] { (byte)'{', (byte)'L', 0, 0, 0, 0, 0, 0, 0, 1 }, "remain")]
    public void UbjsonParser_Malformed_Throws(byte[] data, string expected)
    {
        var e = Assert.Throws<ModelFormatException>(() => UbjsonParser.Parse(data));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonStump_Predicts()
    {
        var predictor = Load(JsonModelBuilder.Model(JsonModelBuilder.Stump(), objective: "reg:squarederror", baseScore: "\"0.500000\""));
        var output = new float[3];

        predictor.Predict([1f, 0f, 2.5f, 0f, float.NaN, 0f], 3, output);

        Assert.Equal([-0.5f, 1.5f, -0.5f], output);
    }

    [Fact]
    public void Load_TreesOutOfIdOrder_PlacedById()
    {
        string trees = JsonModelBuilder.Stump(id: 1, left: 10f, right: 10f) + "," + JsonModelBuilder.Stump(id: 0, left: 1f, right: 1f);
        var predictor = Load(JsonModelBuilder.Model(trees, objective: "multi:softmax", numClass: 2, treeInfo: "[0,1]", baseScore: "\"5E-1\""));
        var output = new float[1];

        predictor.Predict([0f, 0f], 1, output);

        Assert.Equal(1f, output[0]); // tree id 1 feeds class 1
    }

    [Fact]
    public void Load_BooleanDefaultLeft_Accepted()
    {
        var predictor = Load(JsonModelBuilder.Model(JsonModelBuilder.Stump(defaultLeft: "[false,true,true]"), objective: "binary:logitraw"));
        var output = new float[1];

        predictor.Predict([float.NaN, 0f], 1, output);

        Assert.Equal(1.5f, output[0]);
    }

    [Fact]
    public void Predict_CategoricalSplit_InSetGoesRight()
    {
        string tree = JsonModelBuilder.Stump(threshold: "NaN", categorical: JsonModelBuilder.Categorical(3, 1), defaultLeft: "[0,0,0]");
        var predictor = Load(JsonModelBuilder.Model(tree, objective: "binary:logitraw", baseScore: "\"0E0\""));
        float[] categories = [1f, 3f, 2f, 0f, 1.9f, 3.99f, -0.5f, -1f, 16777217f, 1e10f, float.NaN, 4f];
        float[] expected = [1f, 1f, -1f, -1f, 1f, 1f, -1f, -1f, -1f, -1f, 1f, -1f];
        var rows = categories.SelectMany(c => new[] { c, 0f }).ToArray();
        var output = new float[categories.Length];

        predictor.Predict(rows, categories.Length, output);

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("vector leaf", "sizeLeafVector", "vector leaves")]
    [InlineData("feature out of range", "feature", "splits on feature 9, but num_feature is 2")]
    [InlineData("bad base_score", "baseScore", "base_score 'abc' is not a number")]
    [InlineData("base_score vector", "baseScoreVector", "per-output base_score vectors")]
    [InlineData("unknown objective", "objective", "unsupported objective 'rank:foo'")]
    [InlineData("unknown booster", "booster", "unsupported booster 'gbforest'")]
    public void Load_UnsupportedOrCorruptJson_Explains(string name, string knob, string expected)
    {
        string json = knob switch
        {
            "sizeLeafVector" => JsonModelBuilder.Model(JsonModelBuilder.Stump(sizeLeafVector: "2")),
            "feature" => JsonModelBuilder.Model(JsonModelBuilder.Stump(feature: 9)),
            "baseScore" => JsonModelBuilder.Model(JsonModelBuilder.Stump(), baseScore: "\"abc\""),
            "baseScoreVector" => JsonModelBuilder.Model(JsonModelBuilder.Stump(), baseScore: "\"[5E-1,3E-1]\""),
            "objective" => JsonModelBuilder.Model(JsonModelBuilder.Stump(), objective: "rank:foo"),
            _ => JsonModelBuilder.Model(JsonModelBuilder.Stump(), booster: "gbforest"),
        };

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(Encoding.UTF8.GetBytes(json), "model.json"));

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
    }

    [Fact]
    public void Load_BracketedBaseScore_Accepted()
    {
        var predictor = Load(JsonModelBuilder.Model(JsonModelBuilder.Stump(), objective: "reg:squarederror", baseScore: "\"[2.5E-1]\""));
        var output = new float[1];

        predictor.Predict([0f, 0f], 1, output);

        Assert.Equal(-0.75f, output[0]);
    }

    [Theory]
    [InlineData("binary_logistic")]
    [InlineData("multi_softprob")]
    public void Load_EveryUbjsonTruncation_ThrowsModelLoadException(string fixture)
    {
        byte[] full = File.ReadAllBytes(Path.Combine(RepoPaths.XGBoostFixtures, fixture, "model.ubj"));
        for (int length = 1; length < full.Length; length++)
        {
            Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(full.AsSpan(0, length), "m"));
        }
    }

    private static IPredictor Load(string json) => XGBoostModelLoader.Load(Encoding.UTF8.GetBytes(json), "model.json");

    /// <summary>Hand-assembles UBJSON.</summary>
    private sealed class Ubj
    {
        private readonly List<byte> _bytes = [];

        public Ubj Op(params char[] ops)
        {
            foreach (char c in ops)
            {
                _bytes.Add((byte)c);
            }

            return this;
        }

        public Ubj Op(char op, byte arg) => Op(op).Op((byte)arg);

        public Ubj Op(params byte[] raw)
        {
            _bytes.AddRange(raw);
            return this;
        }

        public Ubj Key(string key) => Op('L').BE((long)key.Length).Op(Encoding.UTF8.GetBytes(key));

        public Ubj BE(long v) => Op(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v)));

        public Ubj BE(int v) => Op(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v)));

        public Ubj BE(short v) => Op(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v)));

        public Ubj BE(float v) => BE(BitConverter.SingleToInt32Bits(v));

        public byte[] ToArray() => [.. _bytes];
    }
}
