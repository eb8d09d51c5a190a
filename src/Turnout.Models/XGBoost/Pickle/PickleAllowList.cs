namespace Turnout.Models.XGBoost.Pickle;

/// <summary>
/// The only globals a Booster pickle may name, and what "calling" them means: <c>xgboost.core.Booster</c>
/// becomes an inert <see cref="PickleInstance"/>; <c>bytearray</c> and <c>_codecs.encode</c> are evaluated
/// here as pure byte conversions. Anything else is refused when the global is first named.
/// </summary>
internal static class PickleAllowList
{
    private static readonly PickleGlobal Booster = new("xgboost.core", "Booster");

    public static PickleGlobal Resolve(string module, string name)
    {
        var global = new PickleGlobal(module, name);
        if (global == Booster
            || (name == "bytearray" && module is "builtins" or "__builtin__")
            || (module == "_codecs" && name == "encode"))
        {
            return global;
        }

        if (module.StartsWith("xgboost.sklearn", StringComparison.Ordinal))
        {
            throw new ModelFormatException(
                $"this is a pickled scikit-learn wrapper ({global}), which is not supported yet; save the booster instead, "
                + "e.g. model.get_booster().save_model('xgboost-model.json'), or pickle model.get_booster()");
        }

        throw new ModelFormatException(
            $"the pickle references {global}, which this server refuses to load (pickles can run arbitrary code); "
            + "only pickled xgboost.core.Booster objects are accepted. Prefer saving with Booster.save_model.");
    }

    public static PickleInstance NewObject(PickleGlobal type, PickleTuple args)
    {
        if (type != Booster || args.Items.Length != 0)
        {
            throw new ModelFormatException($"the pickle constructs {type} in an unsupported way");
        }

        return new PickleInstance(type);
    }

    public static byte[] Call(PickleGlobal function, PickleTuple args)
    {
        var a = args.Items;
        if (function.Name == "bytearray")
        {
            return a switch
            {
                [] => [],
                [byte[] bytes] => (byte[])bytes.Clone(),
                [string text, string encoding] => Latin1(text, encoding),
                _ => throw new ModelFormatException($"unsupported arguments to {function} in the pickle"),
            };
        }

        if (function.Name == "encode" && a is [string s, string enc])
        {
            return Latin1(s, enc);
        }

        throw new ModelFormatException($"the pickle calls {function} in an unsupported way");
    }

    /// <summary>Protocol 2 spells bytes as a latin-1 str: each char is one byte.</summary>
    private static byte[] Latin1(string text, string encoding)
    {
        if (encoding is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1"))
        {
            throw new ModelFormatException($"unsupported string encoding '{encoding}' in the pickle");
        }

        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c > 0xFF)
            {
                throw new ModelFormatException("the pickle holds a latin-1 string with a character above U+00FF");
            }

            bytes[i] = (byte)c;
        }

        return bytes;
    }
}
