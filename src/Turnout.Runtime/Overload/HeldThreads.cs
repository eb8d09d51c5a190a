using Turnout.Runtime.Routing;

namespace Turnout.Runtime.Overload;

/// <summary>How many pool threads an endpoint's models hold: invocations running longer than "slow" (<see cref="PoolFloor"/>).</summary>
public static class HeldThreads
{
    public static int Count(RoutingRegistry routes, long now, long slowTicks)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var count = 0;
        foreach (var (_, table) in routes.Entries)
        {
            foreach (var variant in table.AllVariants)
            {
                foreach (var instance in variant.Instances)
                {
                    foreach (var slot in instance.Core.Slots ?? [])
                    {
                        if (slot.IsRunningLongerThan(now, slowTicks))
                        {
                            count++;
                        }
                    }
                }
            }
        }

        return count;
    }
}
