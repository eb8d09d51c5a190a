using System.Buffers.Binary;
using Turnout.Models.XGBoost.Formats;
using Turnout.Models.XGBoost.Model;
using Turnout.Models.XGBoost.Pickle;

namespace Turnout.Models.XGBoost;

/// <summary>
/// Sniffs a model file and reads it into the normalised <see cref="XGBoostModel"/> (spec section 0):
/// pickled Booster, legacy binary (with or without <c>binf</c>), <c>CONFIG-offset:</c> snapshot,
/// JSON or UBJSON model or <c>{Config, Model}</c> snapshot.
/// </summary>
internal static class XGBoostModelReader
{
    private static ReadOnlySpan<byte> ConfigOffsetMagic => "CONFIG-offset:"u8;

    public static XGBoostModel Read(ReadOnlySpan<byte> data) => Read(data, insidePickle: false);

    private static XGBoostModel Read(ReadOnlySpan<byte> data, bool insidePickle)
    {
        if (data.IsEmpty)
        {
            throw new ModelFormatException("the model file is empty");
        }

        if (data.StartsWith("bs64"u8))
        {
            throw new ModelFormatException(
                "base64 ('bs64') model files are not supported (XGBoost 1.x rejects them too); re-save the model with Booster.save_model");
        }

        // A headerless legacy file starts with raw float bytes, so check it before trusting '{' or 0x80.
        if (LegacyBinaryReader.LooksLikeLegacy(data))
        {
            return LegacyBinaryReader.Read(data);
        }

        if (BoosterPickleReader.LooksLikePickle(data))
        {
            if (insidePickle)
            {
                throw new ModelFormatException("the pickled Booster's handle is itself a pickle");
            }

            // The Python attributes win over the model's own, as in the unpickled Booster SageMaker serves.
            var pickled = BoosterPickleReader.Read(data);
            var model = Read(pickled.Handle, insidePickle: true);
            if (pickled.BestNTreeLimit > 0)
            {
                model.BestNTreeLimit = pickled.BestNTreeLimit;
            }

            model.FeatureNames ??= pickled.FeatureNames;
            return model;
        }

        if (data.StartsWith(ConfigOffsetMagic))
        {
            return ReadConfigOffsetSnapshot(data);
        }

        if (data[0] == (byte)'{')
        {
            return DocumentModelReader.Read(data);
        }

        try
        {
            return LegacyBinaryReader.Read(data);
        }
        catch (ModelFormatException e)
        {
            throw new ModelFormatException(
                $"not a recognised XGBoost model (first bytes {Convert.ToHexString(data[..Math.Min(8, data.Length)])}): "
                + $"not a pickle, JSON or UBJSON, and reading it as legacy binary failed: {e.Message}");
        }
    }

    /// <summary>1.0–1.2 pickle snapshot: magic, int64 N, N bytes of legacy binary, then the JSON config (ignored).</summary>
    private static XGBoostModel ReadConfigOffsetSnapshot(ReadOnlySpan<byte> data)
    {
        var rest = data[ConfigOffsetMagic.Length..];
        if (rest.Length < 8)
        {
            throw new ModelFormatException("truncated CONFIG-offset snapshot");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(rest);
        if (length <= 0 || length > rest.Length - 8)
        {
            throw new ModelFormatException($"corrupt CONFIG-offset snapshot: model length {length} exceeds the data");
        }

        return LegacyBinaryReader.Read(rest.Slice(8, (int)length));
    }
}
