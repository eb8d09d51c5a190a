using System.Text;

namespace Turnout.Tests.Models;

/// <summary>Writes legacy binary models (spec section 1) field by field, so tests can state exactly
/// which bytes they corrupt.</summary>
internal sealed class LegacyModelBuilder
{
    public bool Magic { get; init; } = true;
    public float BaseScore { get; init; } = 0.5f;
    public uint NumFeature { get; init; } = 2;
    public int NumClass { get; init; }
    public uint MajorVersion { get; init; } = 1;
    public string Objective { get; init; } = "binary:logistic";
    public string Booster { get; init; } = "gbtree";
    public int? NumTreesOverride { get; init; }
    public int SizeLeafVector { get; init; }
    public List<Node[]> Trees { get; init; } = [Stump()];
    public int[]? TreeInfo { get; init; }
    public float[]? WeightDrop { get; init; }

    /// <summary>The spec's worked example (1.9): x0 &lt; 2.5 (missing left) → -0.42857143, else +0.42857143.</summary>
    public static Node[] Stump() =>
    [
        new(1, 2, 0x80000000u, 2.5f),
        new(-1, -1, 0, -0.42857143f),
        new(-1, -1, 0, 0.42857143f),
    ];

    public byte[] Build()
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        if (Magic)
        {
            w.Write("binf"u8);
        }

        w.Write(BaseScore);
        w.Write(NumFeature);
        w.Write(NumClass);
        w.Write(0); // contain_extra_attrs
        w.Write(0); // contain_eval_metrics
        w.Write(MajorVersion);
        w.Write(MajorVersion == 0 ? 0u : 7u);
        w.Write(MajorVersion == 0 ? 0u : 1u); // num_target
        w.Write(new byte[136 - 32]);
        WriteString(w, Objective);
        WriteString(w, Booster);
        if (Booster == "gblinear")
        {
            w.Write(new byte[136]);
            var weights = WeightDrop ?? [];
            w.Write((ulong)weights.Length);
            foreach (float f in weights)
            {
                w.Write(f);
            }

            return ms.ToArray();
        }

        w.Write(NumTreesOverride ?? Trees.Count);
        w.Write(1);
        w.Write(new byte[20]);
        w.Write(SizeLeafVector);
        w.Write(new byte[128]);
        foreach (var tree in Trees)
        {
            w.Write(1);
            w.Write(tree.Length);
            w.Write(new byte[8]); // num_deleted, max_depth
            w.Write((int)NumFeature);
            w.Write(new byte[4 + 124]);
            foreach (var n in tree)
            {
                w.Write(-1); // parent: not used for prediction
                w.Write(n.Left);
                w.Write(n.Right);
                w.Write(n.SplitIndex);
                w.Write(n.Value);
            }

            w.Write(new byte[16 * tree.Length]);
        }

        if (Trees.Count > 0)
        {
            foreach (int g in TreeInfo ?? new int[Trees.Count])
            {
                w.Write(g);
            }

            if (Booster == "dart")
            {
                var weights = WeightDrop ?? Enumerable.Repeat(1f, Trees.Count).ToArray();
                w.Write((ulong)weights.Length);
                foreach (float f in weights)
                {
                    w.Write(f);
                }
            }
        }

        return ms.ToArray();
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        w.Write((ulong)s.Length);
        w.Write(Encoding.ASCII.GetBytes(s));
    }

    internal readonly record struct Node(int Left, int Right, uint SplitIndex, float Value);
}
