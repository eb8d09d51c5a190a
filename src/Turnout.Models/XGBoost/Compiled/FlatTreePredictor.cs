using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// The prediction layout for numerical gbtree/dart ensembles: every node of every tree in one array of
/// 16-byte <see cref="FlatNode"/>s, leaves that loop to themselves, and a per-tree depth, so a traversal is a
/// fixed count of branch-free steps. Four walks run in lockstep (four independent load chains the CPU
/// overlaps): four rows through one tree for batches, four depth-matched trees for a single row. Rows are
/// processed in blocks of 64 so each tree stays in cache across the block.
/// Leaves are still added in float32 in tree order from the base margin, so results are bit-identical to
/// libxgboost 1.7 (and to <see cref="TreeEnsemblePredictor"/>, which serves categorical models).
/// </summary>
internal sealed class FlatTreePredictor : IMarginPredictor, IModelFootprint
{
    private const int BlockRows = 64;
    private const int StackFloats = 1024;
    private const int Window = 32;

    private readonly FlatNode[] _nodes;
    private readonly int[] _roots;
    private readonly int[] _depth;
    private readonly int[] _plan;       // per window of trees: tree ids by ascending depth
    private readonly int[] _planDepth;  // depth of _plan[i]
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
        _plan = new int[roots.Length];
        _planDepth = new int[roots.Length];
        for (int w = 0; w < roots.Length; w += Window)
        {
            int count = Math.Min(Window, roots.Length - w);
            var ids = Enumerable.Range(w, count).OrderBy(t => depth[t]).ThenBy(t => t).ToArray();
            for (int i = 0; i < count; i++)
            {
                _plan[w + i] = ids[i];
                _planDepth[w + i] = depth[ids[i]];
            }
        }

        FeatureCount = featureCount;
        OutputCount = OutputWriter.OutputCount(transform, groups);
        Objective = objective;
    }

    public long EstimatedBytes => 16L * _nodes.Length;

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
        if (rowCount < 4)
        {
            for (int r = 0; r < rowCount; r++)
            {
                AccumulateRow(features.Slice(r * FeatureCount, FeatureCount), margins.Slice(r * _groups, _groups));
            }

            return;
        }

        AccumulateRows(features, rowCount, margins);
    }

    /// <summary>
    /// Batches: tree by tree in file order, four rows in lockstep for exactly that tree's depth. The tree
    /// stays in L1 across the block; the four walks are independent load chains the CPU overlaps.
    /// </summary>
    private void AccumulateRows(ReadOnlySpan<float> features, int rowCount, Span<float> margins)
    {
        ref FlatNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float first = ref MemoryMarshal.GetReference(features);
        ref float marginRef = ref MemoryMarshal.GetReference(margins);
        int[] roots = _roots;
        int[] depths = _depth;
        int[] groups = _treeGroup;
        float[]? weights = _treeWeight;
        int featureCount = FeatureCount;
        int groupCount = _groups;
        int quadRows = rowCount & ~3;
        for (int t = 0; t < roots.Length; t++)
        {
            int depth = depths[t];
            int root = roots[t];
            float weight = weights is null ? 1.0f : weights[t];
            ref float m = ref Unsafe.Add(ref marginRef, groups[t]);
            int r = 0;
            for (; r < quadRows; r += 4)
            {
                ref float row0 = ref Unsafe.Add(ref first, r * featureCount);
                ref float row1 = ref Unsafe.Add(ref row0, featureCount);
                ref float row2 = ref Unsafe.Add(ref row1, featureCount);
                ref float row3 = ref Unsafe.Add(ref row2, featureCount);
                int a = root, b = root, c = root, d = root;
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref row0);
                    b = Step(ref nodes, b, ref row1);
                    c = Step(ref nodes, c, ref row2);
                    d = Step(ref nodes, d, ref row3);
                }

                Add(ref Unsafe.Add(ref m, r * groupCount), Unsafe.Add(ref nodes, a).Leaf, weights, weight);
                Add(ref Unsafe.Add(ref m, (r + 1) * groupCount), Unsafe.Add(ref nodes, b).Leaf, weights, weight);
                Add(ref Unsafe.Add(ref m, (r + 2) * groupCount), Unsafe.Add(ref nodes, c).Leaf, weights, weight);
                Add(ref Unsafe.Add(ref m, (r + 3) * groupCount), Unsafe.Add(ref nodes, d).Leaf, weights, weight);
            }

            for (; r < rowCount; r++)
            {
                ref float row = ref Unsafe.Add(ref first, r * featureCount);
                int a = root;
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref row);
                }

                Add(ref Unsafe.Add(ref m, r * groupCount), Unsafe.Add(ref nodes, a).Leaf, weights, weight);
            }
        }
    }

    /// <summary>
    /// One row: trees are walked four at a time in lockstep, grouped by depth within windows of
    /// <see cref="Window"/> consecutive trees so a quad wastes no steps; the leaves land in a small buffer and
    /// are then added in file order, keeping libxgboost's float32 summation order.
    /// </summary>
    private void AccumulateRow(ReadOnlySpan<float> features, Span<float> margins)
    {
        ref FlatNode nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float row = ref MemoryMarshal.GetReference(features);
        ref float m = ref MemoryMarshal.GetReference(margins);
        int[] plan = _plan;
        int[] planDepth = _planDepth;
        int[] roots = _roots;
        int[] groups = _treeGroup;
        float[]? weights = _treeWeight;
        Span<int> leaves = stackalloc int[Window];
        int trees = roots.Length;
        for (int w = 0; w < trees; w += Window)
        {
            int count = Math.Min(Window, trees - w);
            int p = w;
            int end = w + count;
            for (; p + 8 <= end; p += 8)
            {
                // Eight walks in flight hide more memory latency when the trees do not fit in cache.
                int t0 = plan[p], t1 = plan[p + 1], t2 = plan[p + 2], t3 = plan[p + 3];
                int t4 = plan[p + 4], t5 = plan[p + 5], t6 = plan[p + 6], t7 = plan[p + 7];
                int a = roots[t0], b = roots[t1], c = roots[t2], d = roots[t3];
                int e = roots[t4], f = roots[t5], g = roots[t6], h = roots[t7];
                for (int s = planDepth[p + 7]; s > 0; s--)
                {
                    a = Step(ref nodes, a, ref row);
                    b = Step(ref nodes, b, ref row);
                    c = Step(ref nodes, c, ref row);
                    d = Step(ref nodes, d, ref row);
                    e = Step(ref nodes, e, ref row);
                    f = Step(ref nodes, f, ref row);
                    g = Step(ref nodes, g, ref row);
                    h = Step(ref nodes, h, ref row);
                }

                leaves[t0 - w] = a;
                leaves[t1 - w] = b;
                leaves[t2 - w] = c;
                leaves[t3 - w] = d;
                leaves[t4 - w] = e;
                leaves[t5 - w] = f;
                leaves[t6 - w] = g;
                leaves[t7 - w] = h;
            }

            for (; p + 4 <= end; p += 4)
            {
                int t0 = plan[p], t1 = plan[p + 1], t2 = plan[p + 2], t3 = plan[p + 3];
                int a = roots[t0], b = roots[t1], c = roots[t2], d = roots[t3];
                int depth = planDepth[p + 3]; // ascending within the window: the quad's deepest
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref row);
                    b = Step(ref nodes, b, ref row);
                    c = Step(ref nodes, c, ref row);
                    d = Step(ref nodes, d, ref row);
                }

                leaves[t0 - w] = a;
                leaves[t1 - w] = b;
                leaves[t2 - w] = c;
                leaves[t3 - w] = d;
            }

            for (; p < end; p++)
            {
                int t = plan[p];
                int a = roots[t];
                for (int s = planDepth[p]; s > 0; s--)
                {
                    a = Step(ref nodes, a, ref row);
                }

                leaves[t - w] = a;
            }

            for (int t = w; t < end; t++)
            {
                Add(ref Unsafe.Add(ref m, groups[t]), Unsafe.Add(ref nodes, leaves[t - w]).Leaf, weights, weights is null ? 1.0f : weights[t]);
            }
        }
    }

    /// <summary>margin += leaf; dart predicts each tree into a zeroed buffer, then adds buffer * weight (gbtree.cc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref float margin, float leaf, float[]? weights, float weight)
    {
        if (weights is null)
        {
            margin += leaf;
        }
        else
        {
            margin += (0.0f + leaf) * weight;
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
