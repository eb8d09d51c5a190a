namespace Turnout.ControlPlane.Instances;

/// <summary>
/// What an <c>ml.*</c> instance type means on Turnout: its vCPUs, its memory, and how many predictions one
/// instance of it serves at once (its concurrency slots; the vCPUs unless the catalogue says otherwise).
/// </summary>
public sealed record InstanceProfile(string InstanceType, int Vcpus, double MemoryGiB, int Concurrency)
{
    /// <summary>The most model memory one instance may hold, in bytes.</summary>
    public long MemoryLimitBytes => (long)(MemoryGiB * 1024 * 1024 * 1024);
}
