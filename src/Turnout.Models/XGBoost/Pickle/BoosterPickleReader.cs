namespace Turnout.Models.XGBoost.Pickle;

/// <summary>Extracts the model bytes (<c>state['handle']</c>) from a pickled <c>xgboost.core.Booster</c>.</summary>
internal static class BoosterPickleReader
{
    public static bool LooksLikePickle(ReadOnlySpan<byte> data) =>
        data.Length >= 2 && data[0] == PickleOpcode.Proto && data[1] is >= 2 and <= 5;

    public static byte[] ReadHandle(ReadOnlySpan<byte> data) => Read(data).Handle;

    public static PickledBooster Read(ReadOnlySpan<byte> data)
    {
        object? root = PickleMachine.Run(data);
        if (root is not PickleInstance booster)
        {
            throw new ModelFormatException(
                $"the pickle holds a {Describe(root)}, not an xgboost.core.Booster");
        }

        if (booster.State is not Dictionary<object, object?> state)
        {
            throw new ModelFormatException("the pickled Booster has no state dictionary");
        }

        if (!state.TryGetValue("handle", out var handle))
        {
            throw new ModelFormatException("the pickled Booster's state has no 'handle' entry");
        }

        var bytes = handle switch
        {
            byte[] b when b.Length > 0 => b,
            null => throw new ModelFormatException("the pickled Booster is empty (its handle is None)"),
            _ => throw new ModelFormatException($"the pickled Booster's handle is a {Describe(handle)}, expected bytes"),
        };

        int limit = state.TryGetValue("best_ntree_limit", out var l) && l is long n and > 0 and <= int.MaxValue ? (int)n : 0;
        string[]? names = state.TryGetValue("feature_names", out var f) && f is List<object?> list && list.All(x => x is string)
            ? list.Cast<string>().ToArray()
            : null;
        return new PickledBooster(bytes, limit, names);
    }

    private static string Describe(object? value) => value switch
    {
        null => "None",
        string => "str",
        byte[] => "bytes",
        long => "int",
        double => "float",
        List<object?> => "list",
        Dictionary<object, object?> => "dict",
        PickleTuple => "tuple",
        PickleGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };
}
