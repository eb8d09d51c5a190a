namespace Turnout.Models.XGBoost.Compiled;

/// <summary>All trees of an ensemble laid out in flat arrays; see <see cref="TreeEnsemblePredictor"/>.</summary>
internal sealed class CompiledTrees
{
    public required int[] Feature { get; init; }
    public required float[] Value { get; init; }
    public required int[] Left { get; init; }
    public required byte[] Flags { get; init; }
    public required int[] CategoryStart { get; init; }
    public required int[] CategoryCount { get; init; }
    public required int[] Categories { get; init; }
    public required int[] Roots { get; init; }
    public required int[] TreeGroup { get; init; }
    public float[]? TreeWeight { get; init; }
}
