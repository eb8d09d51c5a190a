namespace Turnout.Wire.Auth;

/// <summary>
/// Checks a key's <c>allow</c> (actions) and <c>resources</c> lists. A resource pattern is an ARN pattern
/// (<c>arn:aws:sagemaker:*:*:endpoint/prod-*</c>), a typed name (<c>endpoint/prod-*</c>) or a bare name
/// (<c>prod-*</c>, any resource type).
/// </summary>
internal static class AccessPolicy
{
    public static bool AllowsAction(AccessKey key, string service, ReadOnlySpan<char> operation)
    {
        if (key.Allow is null)
        {
            return true;
        }

        Span<char> buffer = stackalloc char[160];
        var length = service.Length + 1 + operation.Length;
        var action = length <= buffer.Length ? buffer[..length] : new char[length];
        service.AsSpan().CopyTo(action);
        action[service.Length] = ':';
        operation.CopyTo(action[(service.Length + 1)..]);
        // Indexed loop: foreach over IReadOnlyList boxes its enumerator on every request.
        var allow = key.Allow;
        for (var i = 0; i < allow.Count; i++)
        {
            if (Glob.IsMatch(allow[i], action))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/>/<paramref name="name"/> (e.g. endpoint/prod-a) is within the key's resources.</summary>
    public static bool AllowsResource(AccessKey key, string type, string name, string arn)
    {
        if (key.Resources is null)
        {
            return true;
        }

        var typed = type + "/" + name;
        foreach (var pattern in key.Resources)
        {
            var candidate = pattern.StartsWith("arn:", StringComparison.Ordinal) ? arn
                : pattern.Contains('/', StringComparison.Ordinal) ? typed
                : name;
            if (Glob.IsMatch(pattern, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
