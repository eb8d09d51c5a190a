namespace Turnout.Metrics;

/// <summary>How one invocation ended, as CloudWatch's error metrics classify it.</summary>
public enum InvocationOutcome
{
    Success = 0,
    /// <summary>The model answered with a 4xx (Invocation4XXErrors).</summary>
    ClientError = 1,
    /// <summary>The model answered with a 5xx (Invocation5XXErrors).</summary>
    ServerError = 2,
}
