namespace Turnout.EndToEnd.Infrastructure;

/// <summary>A fact that needs a second AWS CLI generation (aws on PATH); skipped with the reason where there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PathAwsCliFactAttribute : FactAttribute
{
    public PathAwsCliFactAttribute()
    {
        var probe = AwsClients.PathAwsCli;
        if (!probe.Usable)
        {
            Skip = probe.Problem;
        }
    }
}
