using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// The prediction layout for numerical gbtree/dart ensembles: every node of every tree in one array of
/// 16-byte <see cref="FlatNode"/>s, leaves that loop to themselves, and a per-tree depth, so a traversal is a
/// fixed count of branch-free steps. Four trees are walked in lockstep (four independent load chains the CPU
/// overlaps) and rows are processed in blocks of 64 per group of trees so those trees stay in cache.
/// Leaves are still added in float32 in tree order from the base margin, so results are bit-identical to
/// libxgboost 1.7 (and to <see cref="TreeEnsemblePredictor"/>, which serves categorical models).
/// </summary>
internal sealed class FlatTreePredictor : IMarginPredictor
{
    private const int BlockRows = 64;
    private const int StackFloats = 1024;

    private readonly FlatNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _depth;
    private readonly int[] _quadDepth;  // max depth of trees 4q … 4q+3
    private readonly int[] _treeGroup;
    private readonly float[]? _treeWeight;
    private readonly float _baseMargin;
    private readonly int _groups;
    private readonly OutputTransform _transform;

    public FlatTreePredictor(FlatNode[] nodes, int[] roots, int[] depth, int[] treeGroup, float[]? treeWeight, float baseMargin, int groups, OutputTransform transform, int featureCount, string objective)
    {
        _nodes = nodes;
        _roots = roots;
        _depth = depth;
        _treeGroup = treeGroup;
        _treeWeight = treeWeight;
        _baseMargin = baseMargin;
        _groups = groups;
        _transform = transform;
        _quadDepth = new int[roots.Length / 4];
        for (int q = 0; q < _quadDepth.Length; q++)
        {
            _quadDepth[q] = Math.Max(Math.Max(depth[4 * q], depth[(4 * q) + 1]), Math.Max(depth[(4 * q) + 2], depth[(4 * q) + 3]));
        }

        FeatureCount = featureCount;
        OutputCount = OutputWriter.OutputCount(transform, groups);
        Objective = objective;
    }

    public int FeatureCount { get; }

    public int OutputCount { get; }

    public string Objective { get; }

    public float BaseMargin => _baseMargin;

    public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output)
    {
        PredictArguments.Check(features, rowCount, FeatureCount, output, OutputCount);
        int block = Math.Min(rowCount, BlockRows);
        int marginCount = block * _groups;
        float[]? rented = marginCount > StackFloats ? ArrayPool<float>.Shared.Rent(marginCount) : null;
        Span<float> margins = rented is null ? stackalloc float[marginCount] : rented.AsSpan(0, marginCount);
        try
        {
            for (int start = 0; start < rowCount; start += BlockRows)
            {
                int n = Math.Min(BlockRows, rowCount - start);
                var blockMargins = margins[..(n * _groups)];
                blockMargins.Fill(_baseMargin);
                Accumulate(features.Slice(start * FeatureCount, n * FeatureCount), n, blockMargins);
                for (int r = 0; r < n; r++)
                {
                    OutputWriter.Write(_transform, blockMargins.Slice(r * _groups, _groups), output.Slice((start + r) * OutputCount, OutputCount));
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    public void PredictMargins(ReadOnlySpan<float> features, int rowCount, Span<float> margins)
    {
        for (int start = 0; start < rowCount; start += BlockRows)
        {
            int n = Math.Min(BlockRows, rowCount - start);
            var blockMargins = margins.Slice(start * _groups, n * _groups);
            blockMargins.Fill(_baseMargin);
            Accumulate(features.Slice(start * FeatureCount, n * FeatureCount), n, blockMargins);
        }
    }

    /// <summary>
    /// Adds every tree's leaf to the block's margins. Bounds were validated at load (features below
    /// num_feature, children inside the array) and at <see cref="Predict"/> entry (row lengths), so the walk
    /// reads through refs without per-step bounds checks.
    /// </summary>
    private void Accumulate(ReadOnlySpan<float> features, int rowCount, Span<float> margins)
    {
        ref FlatNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float first = ref MemoryMarshal.GetReference(features);
        ref float marginRef = ref MemoryMarshal.GetReference(margins);
        int[] roots = _roots;
        int[] groups = _treeGroup;
        float[]? weights = _treeWeight;
        int featureCount = FeatureCount;
        int groupCount = _groups;
        int trees = roots.Length;
        int t = 0;
        for (; t + 4 <= trees; t += 4)
        {
            int depth = _quadDepth[t >> 2];
            int root0 = roots[t], root1 = roots[t + 1], root2 = roots[t + 2], root3 = roots[t + 3];
            int g0 = groups[t], g1 = groups[t + 1], g2 = groups[t + 2], g3 = groups[t + 3];
            for (int r = 0; r < rowCount; r++)
            {
                ref float row = ref Unsafe.Add(ref first, r * featureCount);
                int a = root0, b = root1, c = root2, d = root3;
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref row);
                    b = Step(ref nodes, b, ref row);
                    c = Step(ref nodes, c, ref row);
                    d = Step(ref nodes, d, ref row);
                }

                ref float m = ref Unsafe.Add(ref marginRef, r * groupCount);
                if (weights is null)
                {
                    Unsafe.Add(ref m, g0) += Unsafe.Add(ref nodes, a).Leaf;
                    Unsafe.Add(ref m, g1) += Unsafe.Add(ref nodes, b).Leaf;
                    Unsafe.Add(ref m, g2) += Unsafe.Add(ref nodes, c).Leaf;
                    Unsafe.Add(ref m, g3) += Unsafe.Add(ref nodes, d).Leaf;
                }
                else
                {
                    // Dart predicts each tree into a zeroed buffer, then adds buffer * weight (gbtree.cc).
                    Unsafe.Add(ref m, g0) += (0.0f + Unsafe.Add(ref nodes, a).Leaf) * weights[t];
                    Unsafe.Add(ref m, g1) += (0.0f + Unsafe.Add(ref nodes, b).Leaf) * weights[t + 1];
                    Unsafe.Add(ref m, g2) += (0.0f + Unsafe.Add(ref nodes, c).Leaf) * weights[t + 2];
                    Unsafe.Add(ref m, g3) += (0.0f + Unsafe.Add(ref nodes, d).Leaf) * weights[t + 3];
                }
            }
        }

        for (; t < trees; t++)
        {
            int depth = _depth[t];
            int root = roots[t];
            int g = groups[t];
            float weight = weights?[t] ?? 1.0f;
            for (int r = 0; r < rowCount; r++)
            {
                ref float row = ref Unsafe.Add(ref first, r * featureCount);
                int a = root;
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref row);
                }

                float leaf = Unsafe.Add(ref nodes, a).Leaf;
                Unsafe.Add(ref marginRef, (r * groupCount) + g) += weights is null ? leaf : (0.0f + leaf) * weight;
            }
        }
    }

    /// <summary>One branch-free step: <c>x &lt; t</c> goes left, NaN follows the node's default direction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref FlatNode nodes, int index, ref float row)
    {
        ref FlatNode node = ref Unsafe.Add(ref nodes, index);
        int bits = node.FeatureBits;
        float x = Unsafe.Add(ref row, bits & FlatNode.FeatureMask);
        int right = (x >= node.Threshold ? 1 : 0) | ((float.IsNaN(x) ? 1 : 0) & (int)((uint)bits >> 31));
        return node.Left + right;
    }
}
