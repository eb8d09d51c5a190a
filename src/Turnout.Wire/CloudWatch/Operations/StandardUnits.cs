using System.Collections.Frozen;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>CloudWatch's StandardUnit enum; the server validates it because botocore does not check enums.</summary>
internal static class StandardUnits
{
    public static readonly FrozenSet<string> All = new[]
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
        "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
        "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
        "Count/Second", "None",
    }.ToFrozenSet(StringComparer.Ordinal);
}
