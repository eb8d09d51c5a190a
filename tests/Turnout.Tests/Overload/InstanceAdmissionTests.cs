using Turnout.Runtime.Routing;
using Turnout.Tests.Routing;

namespace Turnout.Tests.Overload;

/// <summary>The per-instance bound: admission up to capacity, refusal beyond it, room again after completion.</summary>
public sealed class InstanceAdmissionTests
{
    [Fact]
    public void TryAdmit_UpToCapacityThenRefuses_AndCompletionFreesRoom()
    {
        var instance = new ModelInstance(0, new RoutingTableTests.ConstantPredictor());
        var tickets = new List<Turnout.Runtime.Overload.InvocationTicket>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(instance.TryAdmit(3, owner: null, out var ticket));
            tickets.Add(ticket);
        }

        Assert.Equal(3, instance.InFlight);
        Assert.False(instance.TryAdmit(3, owner: null, out _));
        Assert.Equal(3, instance.InFlight);

        tickets[1].Start();
        Assert.True(tickets[1].TryComplete());
        Assert.Equal(2, instance.InFlight);
        Assert.True(instance.TryAdmit(3, owner: null, out _));
        Assert.False(instance.TryAdmit(3, owner: null, out _));
    }

    [Fact]
    public async Task TryAdmit_ConcurrentRacers_NeverExceedCapacity()
    {
        const int capacity = 8;
        var instance = new ModelInstance(0, new RoutingTableTests.ConstantPredictor());
        var maxSeen = 0;
        var admitted = 0;
        var refused = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (!instance.TryAdmit(capacity, owner: null, out var ticket))
                {
                    Interlocked.Increment(ref refused);
                    continue;
                }

                Interlocked.Increment(ref admitted);
                var now = instance.InFlight;
                int seen;
                while (now > (seen = Volatile.Read(ref maxSeen)) && Interlocked.CompareExchange(ref maxSeen, now, seen) != seen)
                {
                }

                ticket.Start();
                Assert.True(ticket.TryComplete());
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.InRange(maxSeen, 1, capacity);
        Assert.Equal(0, instance.InFlight);
        Assert.Equal(80_000, admitted + refused);
    }
}
