using System.Text;

namespace Custody.Gcp.Firestore;

/// <summary>
/// Idempotent consumption (docs/architecture.md, "Event flow": handlers are keyed by requestId + stage).
/// Inside the handler's transaction, <see cref="TryMarkProcessedAsync"/> reads <c>processed/{requestId}:{stage}</c>;
/// if it exists the message was already handled and the handler must do nothing (and ack); otherwise it
/// buffers the marker's creation with exists=false, which commits together with the handler's state change.
/// A redelivery racing the first delivery is serialised by the read lock, and the exists=false precondition
/// refuses a second marker even if it were not, so a message has at most one effect.
/// </summary>
public static class ProcessedMarkers
{
    public const string Collection = "processed";
    private const int MaxIdBytes = 700;

    public static DocumentPath PathFor(string requestId, string stage)
    {
        Validate(requestId, nameof(requestId));
        Validate(stage, nameof(stage));
        if (stage.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A stage must not contain ':' (it separates request id and stage).", nameof(stage));
        }

        return DocumentPath.Of(Collection, $"{requestId}:{stage}");
    }

    /// <summary>True when this transaction is the first to process (requestId, stage); false for a duplicate.</summary>
    public static async Task<bool> TryMarkProcessedAsync(this FirestoreTransaction transaction, string requestId, string stage, DateTimeOffset processedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var path = PathFor(requestId, stage);
        var existing = await transaction.GetAsync(path, RawFields.Mapper, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return false;
        }

        transaction.Create(path, new FieldMap
        {
            ["requestId"] = FieldValue.String(requestId),
            ["stage"] = FieldValue.String(stage),
            ["processedAt"] = FieldValue.Timestamp(processedAt),
        }, RawFields.Mapper);
        return true;
    }

    private static void Validate(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.Contains('/', StringComparison.Ordinal) || value.Any(char.IsControl) || Encoding.UTF8.GetByteCount(value) > MaxIdBytes)
        {
            throw new ArgumentException($"The {name} must be at most {MaxIdBytes} bytes without '/' or control characters.", name);
        }
    }
}
