namespace Turnout.Wire.CloudWatch.Model;

/// <summary>
/// A protocol-neutral output structure: ordered members whose values are string, double, long, bool,
/// <see cref="DateTimeOffset"/>, nested <see cref="WireObject"/> or <see cref="IReadOnlyList{T}"/> of those.
/// Each protocol writer (XML, JSON, CBOR) walks it; null members are omitted as AWS serialisers do.
/// </summary>
internal sealed class WireObject
{
    private readonly List<KeyValuePair<string, object>> _members = [];

    public IReadOnlyList<KeyValuePair<string, object>> Members => _members;

    public WireObject Add(string name, object? value)
    {
        if (value is not null)
        {
            _members.Add(new(name, value));
        }

        return this;
    }
}
