using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Formats;

/// <summary>JSON and UBJSON models and snapshots.</summary>
internal static class DocumentModelReader
{
    public static XGBoostModel Read(ReadOnlySpan<byte> data) =>
        throw new ModelFormatException("JSON/UBJSON models are not supported yet");
}
