namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>What a <see cref="MathNode"/> is.</summary>
internal enum MathNodeKind
{
    Number,
    Text,
    Reference,
    Keyword,
    Negate,
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
    Call,
}
