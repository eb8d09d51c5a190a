using System.Collections.Concurrent;

namespace Turnout.Runtime.Routing;

/// <summary>
/// The live routing tables of all endpoints. Readers take no lock; a publish replaces an endpoint's
/// table with one reference write, and in-flight requests finish on the table they already hold.
/// </summary>
public sealed class RoutingRegistry
{
    private readonly ConcurrentDictionary<string, RoutingTable> _tables = new(StringComparer.Ordinal);

    public bool TryGet(string endpointName, out RoutingTable table) => _tables.TryGetValue(endpointName, out table!);

    /// <summary>Every endpoint's current table (a moment-in-time enumeration), for cluster placement.</summary>
    public ICollection<RoutingTable> Tables => _tables.Values;

    /// <summary>Every endpoint's table, enumerated without locking or copying (the pool floor reads it every 10 ms).</summary>
    public IEnumerable<KeyValuePair<string, RoutingTable>> Entries => _tables;

    public void Publish(RoutingTable table) => _tables[table.EndpointName] = table;

    public bool Remove(string endpointName) => _tables.TryRemove(endpointName, out _);
}
