namespace Custody.Gcp.PubSub;

/// <summary>
/// A message to publish (PUBSUB_CONTRACT.md). Defined here by the state engineer ahead of the pubsub branch so
/// the outbox can be built against the contract; the pubsub branch's definition (same shape) replaces it on merge.
/// </summary>
public sealed record OutgoingMessage(ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Attributes, string? OrderingKey = null);
