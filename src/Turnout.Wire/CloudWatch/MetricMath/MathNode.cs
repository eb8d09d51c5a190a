namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>
/// A parsed metric-math expression node: a number, a string literal, a query id, a bare keyword
/// (REPEAT, LINEAR), an operator over <see cref="Arguments"/>, or a function call named <see cref="Name"/>.
/// </summary>
internal sealed record MathNode(MathNodeKind Kind, double Number = 0, string Name = "", IReadOnlyList<MathNode>? Arguments = null)
{
    public IReadOnlyList<MathNode> Args => Arguments ?? [];
}
