using System.Security.Cryptography;
using System.Text;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>
/// Adds events to the outbox inside the handler's Firestore transaction, so that the state change and the
/// events it emits commit together or not at all (docs/architecture.md, "Event flow"). Entries with an ordering
/// key get the next sequence of that key from the counter document <c>outbox-keys/{sha256(key)}</c>, read and
/// written in the same transaction: the counter serialises the key's commits, so sequence order is commit order
/// and the relay can publish each key in that order. Unordered entries take sequence 0 and touch no counter.
/// </summary>
public sealed class OutboxWriter
{
    public const string EntriesCollection = "outbox";
    public const string KeysCollection = "outbox-keys";
    private const string PendingKey = "custody.outbox.sequences";

    private readonly TimeProvider _time;

    public OutboxWriter(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public static DocumentPath EntryPath(string id) => DocumentPath.Of(EntriesCollection, id);

    public static DocumentPath KeyPath(string orderingKey) =>
        DocumentPath.Of(KeysCollection, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(orderingKey))));

    /// <summary>Buffers an outbox entry for <paramref name="topicId"/> in <paramref name="transaction"/>.</summary>
    public async Task<OutboxEntry> AddAsync(FirestoreTransaction transaction, string topicId, OutgoingMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        OutboxLimits.Validate(topicId, message);
        long sequence = 0;
        if (message.OrderingKey is { } key)
        {
            var next = transaction.Item(PendingKey, () => new Dictionary<string, long>(StringComparer.Ordinal));
            if (!next.TryGetValue(key, out sequence))
            {
                var counter = await transaction.GetAsync(KeyPath(key), OutboxKeyCounter.Mapper, ct).ConfigureAwait(false);
                sequence = (counter?.Value.LastSequence ?? 0) + 1;
            }

            next[key] = sequence + 1;
            transaction.Set(KeyPath(key), new OutboxKeyCounter(key, sequence), OutboxKeyCounter.Mapper);
        }

        var entry = new OutboxEntry(NewId(), topicId, message, _time.GetUtcNow(), sequence, Published: false);
        transaction.Create(EntryPath(entry.Id), entry, OutboxEntryMapper.Instance);
        return entry;
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
