using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Custody.Contracts.Json;

namespace Custody.Intake.Apis;

/// <summary>
/// Reads a JSON request body of at most a configured size (docs/intake.md, "Limits"): the Content-Length is
/// checked first, then the body is read up to one byte past the limit, so an oversized or lying client never
/// makes the service buffer more than the limit. The JSON is then read with ContractReader, which names
/// every problem as "$.path: reason".
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

            // The contract's own reader: every problem as "$.path: reason" in the contract's words (docs/limits.md).
            var limit = new InputLimit(InputLimits.Request.What, maxBytes, InputLimits.Request.MaxDepth);
            return ContractReader.TryRead(buffer.AsMemory(0, length), typeInfo, limit, out var value, out var errors)
                ? (value, Failure.None, null)
                : (null, Failure.Malformed, string.Join("; ", errors));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
