namespace Turnout.Metrics;

/// <summary>The per-variant series Turnout publishes under AWS/SageMaker.</summary>
internal enum SageMakerMetric
{
    Invocations,
    Invocation4XXErrors,
    Invocation5XXErrors,
    InvocationsPerInstance,
    ModelLatency,
    OverheadLatency,
    QueueingLatency,
}
