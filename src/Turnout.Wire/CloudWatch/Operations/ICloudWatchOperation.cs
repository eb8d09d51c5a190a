using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One CloudWatch action: binds decoded input to its request record, runs it, and returns the output structure.</summary>
internal interface ICloudWatchOperation
{
    string Name { get; }

    WireObject Invoke(WireInput input);
}
