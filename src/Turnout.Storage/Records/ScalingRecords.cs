namespace Turnout.Storage.Records;

/// <summary>A registered scalable target: min/max capacity, suspended state, creation time, as one JSON document.</summary>
public sealed record ScalableTargetRecord(string ServiceNamespace, string ResourceId, string ScalableDimension, string Document);

/// <summary>A scaling policy of a scalable target, as one JSON document.</summary>
public sealed record ScalingPolicyRecord(string ServiceNamespace, string ResourceId, string ScalableDimension, string PolicyName, string Document);

/// <summary>One scaling activity (what changed, why, how it ended), as one JSON document; <see cref="StartTime"/> orders them.</summary>
public sealed record ScalingActivityRecord(string ActivityId, string ServiceNamespace, string ResourceId, string ScalableDimension, DateTimeOffset StartTime, string Document);
