using System.Runtime.InteropServices;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>
/// One node of <see cref="FlatTreePredictor"/>, 16 bytes. Internal: the next node is
/// <c>Left + ((x &gt;= Threshold) | (isNaN(x) &amp; missingRight))</c>. Leaf: <c>Left</c> is the node itself and
/// <c>Threshold</c> is NaN, so a step never moves and traversal can run a fixed number of steps without
/// testing for leaves.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct FlatNode
{
    public const int FeatureMask = 0x7FFFFFFF;

    public float Threshold;

    /// <summary>Bits 0–30: split feature; bit 31: missing values go right (not default-left).</summary>
    public int FeatureBits;

    /// <summary>Absolute index of the left child; the right child is <c>Left + 1</c>.</summary>
    public int Left;

    /// <summary>Leaf value (eta applied); 0 on internal nodes.</summary>
    public float Leaf;
}
