using Turnout.Models.XGBoost.Compiled;

namespace Turnout.Models.XGBoost;

/// <summary>Reads any supported XGBoost model encoding and compiles it for prediction.</summary>
public static class XGBoostModelLoader
{
    /// <summary>
    /// Loads a model from its bytes: a pickled <c>xgboost.core.Booster</c>, JSON, UBJSON or legacy binary.
    /// <paramref name="sourceName"/> (e.g. <c>xgboost-model</c>) prefixes error messages.
    /// </summary>
    /// <exception cref="ModelLoadException">The bytes are not a model we can predict with exactly.</exception>
    public static IPredictor Load(ReadOnlySpan<byte> model, string sourceName)
    {
        try
        {
            return EnsembleCompiler.Compile(XGBoostModelReader.Read(model));
        }
        catch (ModelFormatException e)
        {
            throw new ModelLoadException($"{sourceName}: {e.Message}", e);
        }
    }
}
