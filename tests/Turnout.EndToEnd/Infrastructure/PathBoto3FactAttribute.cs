namespace Turnout.EndToEnd.Infrastructure;

/// <summary>A fact that needs a second, newer boto3 (python3 on PATH); skipped with the reason where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PathBoto3FactAttribute : FactAttribute
{
    public PathBoto3FactAttribute()
    {
        var probe = AwsClients.PathBoto3;
        if (!probe.Usable)
        {
            Skip = probe.Problem;
        }
    }
}
