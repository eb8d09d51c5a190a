using System.Text;
using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Pickle;

namespace Turnout.Tests.Models;

public sealed class PickleReaderTests
{
    [Fact]
    public void ReadHandle_RealSageMakerPickle_ReturnsHeaderlessLegacyModel()
    {
        byte[] handle = BoosterPickleReader.ReadHandle(TestArchives.ChurnModelBytes());

        // 0.90 legacy header: base_score -0.0, num_feature 69 (spec 1.3).
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x80, 0x45, 0x00, 0x00, 0x00 }, handle[..8]);
    }

    [Fact]
    public void Load_OsSystemGlobal_RefusedBeforeAnythingRuns()
    {
        // pickle.dumps of a __reduce__ returning (os.system, ('ls',)), protocol 2.
        byte[] evil = [0x80, 0x02, .. "cos\nsystem\nq\u0000X\u0002\u0000\u0000\u0000lsq\u0001\u0085q\u0002Rq\u0003."u8];

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(evil, "xgboost-model"));

        Assert.StartsWith("xgboost-model: the pickle references os.system, which this server refuses to load", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StackGlobalToSubprocess_Refused()
    {
        var p = new PickleBytes().Proto(4).ShortUnicode("subprocess").ShortUnicode("Popen").Op(0x93).Op('.');

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(p.ToArray(), "m"));

        Assert.Contains("subprocess.Popen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SklearnWrapper_SuggestsSavingTheBooster()
    {
        var p = new PickleBytes().Proto(4).ShortUnicode("xgboost.sklearn").ShortUnicode("XGBClassifier").Op(0x93).Op(')').Op(0x81).Op('.');

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(p.ToArray(), "m"));

        Assert.Contains("scikit-learn wrapper (xgboost.sklearn.XGBClassifier)", e.Message, StringComparison.Ordinal);
        Assert.Contains("get_booster()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownOpcode_Refused()
    {
        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load([0x80, 0x02, 0xFF, (byte)'.'], "m"));

        Assert.Contains("unsupported pickle opcode 0xff at offset 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedPickle_AlwaysModelLoadException()
    {
        byte[] full = TestArchives.ChurnModelBytes();
        for (int length = 2; length < full.Length; length += length < 200 ? 1 : 211)
        {
            var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(full.AsSpan(0, length), "xgboost-model"));
            Assert.StartsWith("xgboost-model: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_PickleOfDict_SaysWhatItHolds()
    {
        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load([0x80, 0x02, (byte)'}', (byte)'.'], "m"));

        Assert.Contains("holds a dict, not an xgboost.core.Booster", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BoosterWithNoneHandle_SaysEmpty()
    {
        var p = BoosterPrefix().Op('}').Op('(').ShortUnicode("handle").Op('N').Op('u').Op('b').Op('.');

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(p.ToArray(), "m"));

        Assert.Contains("handle is None", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadHandle_ByteArray8AndMemo_Protocol5Shape()
    {
        byte[] model = new LegacyModelBuilder().Build();
        var p = BoosterPrefix().Op(0x94).Op('}').Op(0x94).Op('(').ShortUnicode("handle").Op(0x94)
            .Op(0x96).U64((ulong)model.Length).Raw(model).Op(0x94)
            .ShortUnicode("best_iteration").Op('K', 0).Op('u').Op('b').Op('.');

        Assert.Equal(model, BoosterPickleReader.ReadHandle(p.ToArray()));
    }

    [Fact]
    public void ReadHandle_Protocol2Latin1String_DecodesBytes()
    {
        byte[] model = new LegacyModelBuilder().Build();
        string latin1 = Encoding.Latin1.GetString(model);
        byte[] utf8 = Encoding.UTF8.GetBytes(latin1);
        var p = BoosterPrefix().Op('}').Op('(').ShortUnicode("handle")
            .Global("__builtin__", "bytearray").Global("_codecs", "encode")
            .Op('X').U32((uint)utf8.Length).Raw(utf8).ShortUnicode("latin1").Op(0x86).Op('R').Op(0x85).Op('R')
            .Op('u').Op('b').Op('.');

        Assert.Equal(model, BoosterPickleReader.ReadHandle(p.ToArray()));
    }

    [Fact]
    public void Run_NumberOpcodes_Decoded()
    {
        var p = new PickleBytes().Proto(2).Op(']').Op('(')
            .Op('K', 5).Op('M', 0x00, 0x01).Op('J', 0xFF, 0xFF, 0xFF, 0xFF)
            .Op(0x8A, 1, 0xFF).Op(0x8A, 2, 0x00, 0x80).Op(0x8A, 0)
            .Op('G', 0x3F, 0xF8, 0, 0, 0, 0, 0, 0).Op(0x88).Op(0x89).Op('N')
            .Op('e').Op('.');

        var list = Assert.IsType<List<object?>>(PickleMachine.Run(p.ToArray()));

        Assert.Equal(new object?[] { 5L, 256L, -1L, -1L, -32768L, 0L, 1.5, true, false, null }, list);
    }

    [Fact]
    public void Run_TupleAndMemoGet_SharesObjects()
    {
        var p = new PickleBytes().Proto(2).ShortUnicode("a").Op('q', 7).Op('h', 7).Op('(').Op('h', 7).Op('t').Op(0x87).Op('.');

        var tuple = Assert.IsType<PickleTuple>(PickleMachine.Run(p.ToArray()));

        Assert.Equal("a", tuple.Items[0]);
        Assert.Equal("a", tuple.Items[1]);
        Assert.Equal("a", Assert.IsType<PickleTuple>(tuple.Items[2]).Items[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'h', 3, (byte)'.' }, "memo entry 3")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'N' }, "before the STOP opcode")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'.' }, "stack underflow")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'X', 0xFF, 0xFF, 0xFF, 0x7F, (byte)'.' }, "truncated")]
    [InlineData(new byte[] { 0x80, 0x02, (byte)'N', (byte)'e', (byte)'.' }, "no MARK")]
    [InlineData(new byte[] { 0x80, 0x09, (byte)'N', (byte)'.' }, "unsupported pickle protocol 9")]
    public void Run_MalformedPickle_Throws(byte[] pickle, string expected)
    {
        var e = Assert.Throws<ModelFormatException>(() => PickleMachine.Run(pickle));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static PickleBytes BoosterPrefix() =>
        new PickleBytes().Proto(2).Global("xgboost.core", "Booster").Op(')').Op(0x81);

    /// <summary>Hand-assembles pickles opcode by opcode.</summary>
    private sealed class PickleBytes
    {
        private readonly List<byte> _bytes = [];

        public PickleBytes Proto(byte version) => Op(0x80, version);

        public PickleBytes Op(char op, params byte[] args) => Op((byte)op, args);

        public PickleBytes Op(byte op, params byte[] args)
        {
            _bytes.Add(op);
            _bytes.AddRange(args);
            return this;
        }

        public PickleBytes Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

        public PickleBytes ShortUnicode(string s)
        {
            var b = Encoding.UTF8.GetBytes(s);
            return Op(0x8C, (byte)b.Length).Raw(b);
        }

        public PickleBytes U32(uint v) => Raw(BitConverter.GetBytes(v));

        public PickleBytes U64(ulong v) => Raw(BitConverter.GetBytes(v));

        public PickleBytes Raw(byte[] b)
        {
            _bytes.AddRange(b);
            return this;
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
