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
            count += Count(table.Live, now, slowTicks);
            if (table.Incoming is { } incoming)
            {
                count += Count(incoming, now, slowTicks);
            }
        }

        return count;
    }

    private static int Count(WeightedVariants fleet, long now, long slowTicks)
    {
        var count = 0;
        foreach (var variant in fleet.Variants)
        {
            foreach (var instance in variant.Instances)
            {
                if (instance.Core.Slots is not { } slots)
                {
                    continue;
                }

                foreach (var slot in slots)
                {
                    if (slot.IsRunningLongerThan(now, slowTicks))
                    {
                        count++;
                    }
                }
            }
        }

        return count;
    }
}
