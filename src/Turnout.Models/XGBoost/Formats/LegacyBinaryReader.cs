using System.Buffers.Binary;
using System.Text;
using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Formats;

/// <summary>
/// XGBoost's legacy binary model (spec section 1): 0.90 and 1.0 headerless files, 1.1+ files behind
/// <c>binf</c>. Little-endian, raw packed structs. Only what prediction needs is kept.
/// </summary>
internal static class LegacyBinaryReader
{
    private const int LearnerParamSize = 136;
    private const int GBTreeParamSize = 160;
    private const int TreeParamSize = 148;
    private const int NodeSize = 20;
    private const int NodeStatSize = 16;
    private const int LinearParamSize = 136;
    private const int MaxNameLength = 256;
    private const uint DeletedNode = 0xFFFFFFFF;

    public static ReadOnlySpan<byte> Magic => "binf"u8;

    /// <summary>
    /// Whether <paramref name="data"/> plausibly starts a legacy model: an objective name with a ':' and a
    /// known booster name right after the 136-byte header. A headerless file starts with raw float bytes,
    /// so this is what tells it apart from pickles and JSON that happen to share a first byte.
    /// </summary>
    public static bool LooksLikeLegacy(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(Magic))
        {
            data = data[4..];
        }

        if (data.Length < LearnerParamSize + 16)
        {
            return false;
        }

        int offset = LearnerParamSize;
        if (!TryPeekName(data, ref offset, out var objective) || objective.IndexOf((byte)':') < 0)
        {
            return false;
        }

        return TryPeekName(data, ref offset, out var booster)
            && (booster.SequenceEqual("gbtree"u8) || booster.SequenceEqual("dart"u8) || booster.SequenceEqual("gblinear"u8));
    }

    public static XGBoostModel Read(ReadOnlySpan<byte> data)
    {
        var cursor = new ByteCursor(data);
        if (data.StartsWith(Magic))
        {
            cursor.Skip(4, "magic");
        }

        var header = cursor.Take(LearnerParamSize, "LearnerModelParam header");
        float baseScore = BinaryPrimitives.ReadSingleLittleEndian(header);
        uint numFeature = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        int numClass = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        uint majorVersion = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        uint numTarget = BinaryPrimitives.ReadUInt32LittleEndian(header[28..]);
        if (numFeature == 0 || numFeature > int.MaxValue || numClass < 0 || numTarget > ModelValidator.MaxGroups)
        {
            throw new ModelFormatException(
                $"corrupt legacy model header: num_feature {numFeature}, num_class {numClass}, num_target {numTarget}");
        }

        string objective = ReadName(ref cursor, "objective name");
        string booster = ReadName(ref cursor, "booster name");
        int groups = Math.Max(Math.Max(numClass, (int)numTarget), 1);

        uint minorVersion = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        bool hasAttributes = BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != 0;
        var common = new Header(objective, (int)numFeature, numClass, (int)Math.Max(numTarget, 1u), baseScore, majorVersion == 0,
            NumParallelTreeSlot: majorVersion > 1 || (majorVersion == 1 && minorVersion >= 6));
        var model = booster switch
        {
            "gbtree" => ReadTrees(ref cursor, common, BoosterKind.GBTree),
            "dart" => ReadTrees(ref cursor, common, BoosterKind.Dart),
            "gblinear" => ReadLinear(ref cursor, common, groups),
            _ => throw new ModelFormatException($"unsupported booster '{booster}'; expected gbtree, dart or gblinear"),
        };

        // Of what follows the body only the attributes matter (best_ntree_limit); 1.7 ignores 0.90's extras too.
        if (hasAttributes)
        {
            model.BestNTreeLimit = ReadBestNTreeLimit(ref cursor);
        }

        return model;
    }

    private static int ReadBestNTreeLimit(ref ByteCursor cursor)
    {
        ulong count = cursor.ReadUInt64("attribute count");
        if (count > 10_000)
        {
            throw new ModelFormatException($"corrupt legacy model: {count} attributes");
        }

        int limit = 0;
        for (ulong i = 0; i < count; i++)
        {
            string key = ReadString(ref cursor, "attribute name");
            string value = ReadString(ref cursor, "attribute value");
            if (key == "best_ntree_limit")
            {
                limit = ParseLimit(value);
            }
        }

        return limit;
    }

    /// <summary>A best_ntree_limit attribute value; anything unusable means "no limit", as an absent one does.</summary>
    internal static int ParseLimit(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int limit) && limit > 0 ? limit : 0;

    private static string ReadString(ref ByteCursor cursor, string what)
    {
        ulong length = cursor.ReadUInt64(what);
        if (length > 1 << 20)
        {
            throw new ModelFormatException($"corrupt legacy model: {what} of {length} bytes");
        }

        return Encoding.UTF8.GetString(cursor.Take((long)length, what));
    }

    private static XGBoostModel ReadTrees(ref ByteCursor cursor, Header header, BoosterKind kind)
    {
        var param = cursor.Take(GBTreeParamSize, "GBTreeModelParam");
        int numTrees = BinaryPrimitives.ReadInt32LittleEndian(param);
        int numParallelTree = header.NumParallelTreeSlot ? Math.Max(1, BinaryPrimitives.ReadInt32LittleEndian(param[4..])) : 1;
        int sizeLeafVector = BinaryPrimitives.ReadInt32LittleEndian(param[28..]);
        if (sizeLeafVector > 1)
        {
            throw new ModelFormatException(
                "vector-leaf trees (multi_strategy=multi_output_tree, XGBoost 2.x) are not supported; train with the default one_output_per_tree");
        }

        int count = cursor.CheckCount(numTrees, TreeParamSize, "num_trees");
        var trees = new TreeModel[count];
        for (int t = 0; t < count; t++)
        {
            trees[t] = ReadTree(ref cursor, t);
        }

        var treeInfo = new int[count];
        float[]? weightDrop = null;
        if (count > 0)
        {
            for (int t = 0; t < count; t++)
            {
                treeInfo[t] = cursor.ReadInt32("tree_info");
            }

            if (kind == BoosterKind.Dart)
            {
                weightDrop = ReadFloats(ref cursor, "dart weight_drop");
            }
        }

        return new XGBoostModel
        {
            Objective = header.Objective,
            NumFeature = header.NumFeature,
            NumClass = header.NumClass,
            NumTarget = header.NumTarget,
            BaseScore = header.BaseScore,
            BaseScoreIsMargin = header.Pre10,
            Booster = kind,
            Trees = trees,
            TreeInfo = treeInfo,
            WeightDrop = weightDrop,
            NumParallelTree = numParallelTree,
        };
    }

    private static TreeModel ReadTree(ref ByteCursor cursor, int index)
    {
        var param = cursor.Take(TreeParamSize, $"TreeParam of tree {index}");
        int numNodes = BinaryPrimitives.ReadInt32LittleEndian(param[4..]);
        int sizeLeafVector = BinaryPrimitives.ReadInt32LittleEndian(param[20..]);
        if (sizeLeafVector > 1)
        {
            throw new ModelFormatException(
                $"tree {index} has vector leaves (XGBoost 2.x multi_output_tree), which are not supported");
        }

        int n = cursor.CheckCount(numNodes, NodeSize + NodeStatSize, $"num_nodes of tree {index}");
        var left = new int[n];
        var right = new int[n];
        var feature = new int[n];
        var value = new float[n];
        var defaultLeft = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var node = cursor.Take(NodeSize, "tree node");
            left[i] = BinaryPrimitives.ReadInt32LittleEndian(node[4..]);
            right[i] = BinaryPrimitives.ReadInt32LittleEndian(node[8..]);
            uint sindex = BinaryPrimitives.ReadUInt32LittleEndian(node[12..]);
            value[i] = BinaryPrimitives.ReadSingleLittleEndian(node[16..]);
            if (sindex == DeletedNode)
            {
                left[i] = right[i] = -1;
                continue;
            }

            feature[i] = (int)(sindex & 0x7FFFFFFF);
            defaultLeft[i] = (sindex >> 31) != 0;
        }

        cursor.Skip((long)n * NodeStatSize, "node statistics");
        return new TreeModel { LeftChildren = left, RightChildren = right, SplitFeatures = feature, Values = value, DefaultLeft = defaultLeft };
    }

    private static XGBoostModel ReadLinear(ref ByteCursor cursor, Header header, int groups)
    {
        cursor.Skip(LinearParamSize, "gblinear model param");
        var weights = ReadFloats(ref cursor, "gblinear weights");
        return new XGBoostModel
        {
            Objective = header.Objective,
            NumFeature = header.NumFeature,
            NumClass = header.NumClass,
            NumTarget = header.NumTarget,
            BaseScore = header.BaseScore,
            BaseScoreIsMargin = header.Pre10,
            Booster = BoosterKind.GBLinear,
            LinearWeights = weights,
        };
    }

    private static float[] ReadFloats(ref ByteCursor cursor, string what)
    {
        ulong raw = cursor.ReadUInt64(what + " count");
        int count = cursor.CheckCount(raw > long.MaxValue ? long.MaxValue : (long)raw, 4, what);
        var values = new float[count];
        var bytes = cursor.Take(count * 4L, what);
        for (int i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    private static string ReadName(ref ByteCursor cursor, string what)
    {
        ulong length = cursor.ReadUInt64(what + " length");
        if (length > MaxNameLength)
        {
            throw new ModelFormatException($"corrupt legacy model: {what} is {length} bytes long");
        }

        return Encoding.ASCII.GetString(cursor.Take((long)length, what));
    }

    private static bool TryPeekName(ReadOnlySpan<byte> data, ref int offset, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (data.Length - offset < 8)
        {
            return false;
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
        if (length == 0 || length > 64 || (ulong)(data.Length - offset - 8) < length)
        {
            return false;
        }

        name = data.Slice(offset + 8, (int)length);
        offset += 8 + (int)length;
        foreach (byte b in name)
        {
            if (b < 0x21 || b > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Header(string Objective, int NumFeature, int NumClass, int NumTarget, float BaseScore, bool Pre10, bool NumParallelTreeSlot);
}
