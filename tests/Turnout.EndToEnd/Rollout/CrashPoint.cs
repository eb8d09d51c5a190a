using System.Globalization;

namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// Where in an UpdateEndpoint the server is killed: while the new fleet's model is still downloading and
/// DescribeEndpoint reports it Creating (<c>loading</c>), once it reports <c>canary</c> (ActivatingTraffic), <c>baking</c>,
/// <c>draining</c> (committed, the old fleet Deleting) or <c>in-service</c> on the new config; or
/// <c>random</c>: <see cref="DelaySeconds"/> after the call, wherever the deployment is then.
/// </summary>
internal sealed record CrashPoint(string Name, double DelaySeconds = 0)
{
    /// <summary>How far a deployment has got, in the order a successful canary passes through the phases.</summary>
    public static int Rank(string phase) => phase switch
    {
        "loading" => 0,
        "canary" => 1,
        "baking" => 2,
        "draining" => 3,
        "in-service" => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "unknown phase"),
    };

    public override string ToString() =>
        Name == "random" ? string.Create(CultureInfo.InvariantCulture, $"random +{DelaySeconds:F2} s") : Name;
}
