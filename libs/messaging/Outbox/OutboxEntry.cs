using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>
/// An <c>outbox/{id}</c> document: exactly what an <see cref="OutgoingMessage"/> holds plus the topic, its
/// creation time, its sequence within the ordering key (1, 2, ... per key; 0 when unordered) and whether
/// the relay has published it (with the server message id once it has).
/// </summary>
public sealed record OutboxEntry(
    string Id,
    string TopicId,
    OutgoingMessage Message,
    DateTimeOffset CreatedAt,
    long Sequence,
    bool Published,
    DateTimeOffset? PublishedAt = null,
    string? MessageId = null);
