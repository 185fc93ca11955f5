using System.Text.Json;
using System.Text.Json.Serialization;

namespace Custody.Contracts.Json;

/// <summary>
/// Reads contract timestamps strictly as <see cref="Rfc3339"/> (explicit offset required) and writes them
/// as System.Text.Json always has (ISO 8601 with the value's offset), so the wire form is unchanged.
/// </summary>
public sealed class OffsetDateTimeConverter : JsonConverter<DateTimeOffset>
{
    // A timestamp is at most 40 characters (Rfc3339); JSON may escape each as \uXXXX (System.Text.Json writes
    // '+' as \u002B), so the encoded form is bounded at six bytes a character before it is unescaped.
    private const int MaxEncodedLength = 40 * 6;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= MaxEncodedLength &&
            Rfc3339.TryParse(reader.GetString(), out var value))
        {
            return value;
        }

        throw new JsonException(Rfc3339.Requirement);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
