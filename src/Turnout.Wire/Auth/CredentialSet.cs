using System.Collections.Frozen;

namespace Turnout.Wire.Auth;

/// <summary>An immutable snapshot of the credentials file, swapped whole on reload.</summary>
internal sealed class CredentialSet
{
    private readonly FrozenDictionary<string, AccessKey> _keys;
    private readonly FrozenDictionary<string, AccessKey>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CredentialSet(IEnumerable<AccessKey> keys)
    {
        _keys = keys.ToFrozenDictionary(k => k.AccessKeyId, StringComparer.Ordinal);
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _keys.Count;

    public IEnumerable<string> AccessKeyIds => _keys.Keys;

    /// <summary>Looks a key up by the span of the Authorization header, without allocating.</summary>
    public AccessKey? Find(ReadOnlySpan<char> accessKeyId) => _lookup.TryGetValue(accessKeyId, out var key) ? key : null;
}
