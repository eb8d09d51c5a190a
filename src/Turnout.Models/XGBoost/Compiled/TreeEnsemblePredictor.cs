using System.Buffers;
using System.Runtime.CompilerServices;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// gbtree/dart prediction over flat struct-of-arrays nodes; trees are contiguous and a node's right
/// child is always <c>left + 1</c>. Reproduces libxgboost 1.7 exactly: float32 <c>x &lt; t</c> goes left,
/// NaN takes the default child, leaves are added in float32 in tree order starting from the base margin.
/// </summary>
internal sealed class TreeEnsemblePredictor : IMarginPredictor, IModelFootprint
{
    public const byte DefaultLeftFlag = 1;
    public const byte CategoricalFlag = 2;

    /// <summary>Categories at or above 2^24 cannot be represented exactly in float32; 1.7 sends them left.</summary>
    private const float MaxCategory = 16777216f;

    private const int StackGroups = 64;

    private readonly int[] _feature;       // -1 marks a leaf
    private readonly float[] _value;       // threshold, or leaf value
    private readonly int[] _left;          // absolute index of the left child
    private readonly byte[] _flags;
    private readonly int[] _categoryStart; // per node, into _categories (categorical nodes only)
    private readonly int[] _categoryCount;
    private readonly int[] _categories;    // per node sorted runs: the categories that go right
    private readonly int[] _roots;
    private readonly int[] _treeGroup;
    private readonly float[]? _treeWeight; // dart
    private readonly float _baseMargin;
    private readonly int _groups;
    private readonly OutputTransform _transform;

    public TreeEnsemblePredictor(CompiledTrees trees, float baseMargin, int groups, OutputTransform transform, int featureCount, string objective)
    {
        _feature = trees.Feature;
        _value = trees.Value;
        _left = trees.Left;
        _flags = trees.Flags;
        _categoryStart = trees.CategoryStart;
        _categoryCount = trees.CategoryCount;
        _categories = trees.Categories;
        _roots = trees.Roots;
        _treeGroup = trees.TreeGroup;
        _treeWeight = trees.TreeWeight;
        _baseMargin = baseMargin;
        _groups = groups;
        _transform = transform;
        FeatureCount = featureCount;
        OutputCount = OutputWriter.OutputCount(transform, groups);
        Objective = objective;
    }

    public long EstimatedBytes => 16L * _feature.Length;

    public int FeatureCount { get; }

    public int OutputCount { get; }

    public string Objective { get; }

    public float BaseMargin => _baseMargin;

    public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output)
    {
        PredictArguments.Check(features, rowCount, FeatureCount, output, OutputCount);
        float[]? rented = _groups > StackGroups ? ArrayPool<float>.Shared.Rent(_groups) : null;
        Span<float> margins = rented is null ? stackalloc float[StackGroups] : rented;
        margins = margins[.._groups];
        try
        {
            for (int r = 0; r < rowCount; r++)
            {
                var row = features.Slice(r * FeatureCount, FeatureCount);
                Accumulate(row, margins);
                OutputWriter.Write(_transform, margins, output.Slice(r * OutputCount, OutputCount));
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
        for (int r = 0; r < rowCount; r++)
        {
            Accumulate(features.Slice(r * FeatureCount, FeatureCount), margins.Slice(r * _groups, _groups));
        }
    }

    private void Accumulate(ReadOnlySpan<float> row, Span<float> margins)
    {
        margins.Fill(_baseMargin);
        int[] roots = _roots;
        int[] groups = _treeGroup;
        float[]? weights = _treeWeight;
        if (weights is null)
        {
            for (int t = 0; t < roots.Length; t++)
            {
                margins[groups[t]] += Leaf(roots[t], row);
            }
        }
        else
        {
            // Dart predicts each tree into a zeroed buffer, then adds buffer * weight (gbtree.cc).
            for (int t = 0; t < roots.Length; t++)
            {
                margins[groups[t]] += (0.0f + Leaf(roots[t], row)) * weights[t];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Leaf(int node, ReadOnlySpan<float> row)
    {
        int[] feature = _feature;
        float[] value = _value;
        int[] left = _left;
        byte[] flags = _flags;
        while (true)
        {
            int f = feature[node];
            if (f < 0)
            {
                return value[node];
            }

            float x = row[f];
            int l = left[node];
            byte flag = flags[node];
            if (float.IsNaN(x))
            {
                node = (flag & DefaultLeftFlag) != 0 ? l : l + 1;
            }
            else if ((flag & CategoricalFlag) == 0)
            {
                node = x < value[node] ? l : l + 1;
            }
            else
            {
                node = InRightSet(node, x) ? l + 1 : l;
            }
        }
    }

    private bool InRightSet(int node, float x)
    {
        // Negative and unrepresentable categories go left; others are truncated toward zero (1.7).
        if (x < 0.0f || x >= MaxCategory)
        {
            return false;
        }

        var set = new ReadOnlySpan<int>(_categories, _categoryStart[node], _categoryCount[node]);
        return set.BinarySearch((int)x) >= 0;
    }
}
