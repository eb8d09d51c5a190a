using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Turnout.ControlPlane;

/// <summary>JSON 1.1 conventions: member names as declared, nulls omitted, timestamps as epoch seconds.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            MaxDepth = 32,
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.Converters.Add(new FloatConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>SageMaker writes weights as JSON floats (<c>1.0</c>); the AWS CLI prints what it gets.</summary>
    private sealed class FloatConverter : JsonConverter<float>
    {
        public override float Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetSingle();

        public override void Write(Utf8JsonWriter writer, float value, JsonSerializerOptions options)
        {
            Span<byte> buffer = stackalloc byte[32];
            value.TryFormat(buffer, out var length, "R", CultureInfo.InvariantCulture);
            if (buffer[..length].IndexOfAny("."u8) < 0 && buffer[..length].IndexOfAny("Ee"u8) < 0 && float.IsFinite(value))
            {
                ".0"u8.CopyTo(buffer[length..]);
                length += 2;
            }

            writer.WriteRawValue(buffer[..length], skipInputValidation: true);
        }
    }

    private sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));
            }

            if (reader.TokenType == JsonTokenType.String &&
                DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }

            throw new JsonException("Expected a timestamp as epoch seconds or an ISO-8601 string.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(Math.Round(value.ToUnixTimeMilliseconds() / 1000.0, 3));
    }
}
