using System.Diagnostics;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Tests.Routing;

namespace Turnout.Tests.Overload;

/// <summary>
/// The thread-pool floor follows the threads models hold: raised by slow invocations, back to the baseline when
/// they finish, and never fighting a minimum someone else set. Each test floors its own fake minimum, not the
/// process's pool, so tests running in parallel cannot disturb it.
/// </summary>
public sealed class PoolFloorTests
{
    private sealed class FakeMinimum(int start)
    {
        public int Value { get; set; } = start;
        public int Sets { get; private set; }

        public PoolFloor Floor(Func<int>? alwaysHeld = null) => new(() => Value, v => { Value = v; Sets++; }, alwaysHeld);
    }

    [Fact]
    public void Tick_RaisesByHeldThreads_AndReturnsToBaseline()
    {
        var minimum = new FakeMinimum(2);
        using var floor = minimum.Floor();
        var held = 0;
        using var _ = floor.Register((_, _) => held);

        Assert.Equal(2, floor.Tick(0));
        Assert.Equal(0, minimum.Sets);

        held = 5;
        Assert.Equal(7, floor.Tick(0));
        Assert.Equal(7, minimum.Value);

        held = 1;
        Assert.Equal(3, floor.Tick(0));
        held = 0;
        Assert.Equal(2, floor.Tick(0));
        Assert.Equal(2, minimum.Value);
    }

    [Fact]
    public void Tick_MinimumSetByOthers_BecomesTheBaseline()
    {
        var minimum = new FakeMinimum(2);
        using var floor = minimum.Floor();
        var held = 3;
        using var _ = floor.Register((_, _) => held);
        Assert.Equal(5, floor.Tick(0));

        // A test or an operator sets 64: the floor adds to it instead of undoing it.
        minimum.Value = 64;
        Assert.Equal(67, floor.Tick(0));
        held = 0;
        Assert.Equal(64, floor.Tick(0));
    }

    [Fact]
    public void Tick_SumsSources_CountsAbandoned_AndCapsTheRaise()
    {
        var minimum = new FakeMinimum(4);
        var abandoned = 2;
        using var floor = minimum.Floor(() => abandoned);
        using var a = floor.Register((_, _) => 3);
        var b = floor.Register((_, _) => 10_000);

        Assert.Equal(4 + PoolFloor.MaxRaise, floor.Tick(0));
        b.Dispose(); // removing a source re-ticks at once
        Assert.Equal(4 + 3 + 2, minimum.Value);
        abandoned = 0;
        Assert.Equal(7, floor.Tick(0));
        b.Dispose();
        Assert.Equal(7, minimum.Value);
    }

    [Fact]
    public void HeldThreads_CountsOnlyInvocationsInTheModelLongerThanSlow()
    {
        var table = RoutingTableTests.Table(1f, 1f);
        var registry = new RoutingRegistry();
        registry.Publish(table);
        var slow = Stopwatch.Frequency / 200; // 5 ms
        var instance = table.Variants[1].Instances[0];

        Assert.True(instance.TryAdmit(4, owner: null, out var reading));
        Assert.True(instance.TryAdmit(4, owner: null, out var predicting));
        predicting.Start();
        var started = Stopwatch.GetTimestamp();

        // Admitted but still reading its body: no thread held. In the model for less than "slow": not counted yet.
        Assert.Equal(0, HeldThreads.Count(registry, started, slow));
        Assert.Equal(1, HeldThreads.Count(registry, started + 2 * slow, slow));

        Assert.True(predicting.TryComplete());
        Assert.True(reading.TryComplete());
        Assert.Equal(0, HeldThreads.Count(registry, started + 2 * slow, slow));
    }
}
