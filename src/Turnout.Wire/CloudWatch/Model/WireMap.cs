namespace Turnout.Wire.CloudWatch.Model;

/// <summary>
/// A map-shaped output member (e.g. a datapoint's ExtendedStatistics): keys are data, not member names, so
/// XML writes <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c> while JSON and CBOR write a plain map.
/// </summary>
internal sealed class WireMap
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public WireMap Add(string key, object value)
    {
        _entries.Add(new(key, value));
        return this;
    }
}
