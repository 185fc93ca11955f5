using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Custody.Intake.Apis;

/// <summary>
/// Reads a JSON request body of at most a configured size (docs/intake.md, "Limits"): the Content-Length is
/// checked first, then the body is read up to one byte past the limit, so an oversized or lying client never
/// makes the service buffer more than the limit. The JSON is then parsed strictly with the contract's metadata.
/// </summary>
internal static class BoundedJsonBody
{
    public enum Failure
    {
        None,
        TooLarge,
        Malformed,
    }

    public static async Task<(T? Value, Failure Failure, string? Detail)> ReadAsync<T>(HttpRequest request, int maxBytes, JsonTypeInfo<T> typeInfo, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Failure.TooLarge, $"The body is larger than {maxBytes} bytes.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), ct).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return (null, Failure.TooLarge, $"The body is larger than {maxBytes} bytes.");
            }

            try
            {
                var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
                return value is null ? (null, Failure.Malformed, "The body is JSON null.") : (value, Failure.None, null);
            }
            catch (JsonException ex)
            {
                // The exception names the JSON path and position only, never values.
                return (null, Failure.Malformed, $"The body is not a valid {typeof(T).Name} (at {ex.Path ?? "$"}, line {ex.LineNumber}, byte {ex.BytePositionInLine}).");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
