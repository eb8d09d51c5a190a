namespace Turnout.Models.XGBoost.Formats.Document;

internal enum DocKind
{
    Null,
    Bool,
    Integer,
    Float,
    String,
    Array,
    Object,

    /// <summary>An array of numbers stored compactly (UBJSON typed arrays, all-numeric JSON arrays).</summary>
    NumberArray,
}
