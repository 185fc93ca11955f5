namespace Custody.Gcp.PubSub;

/// <summary>
/// A message to publish: opaque bytes, string attributes, and an optional ordering key (messages with the
/// same key are delivered in publish order to subscriptions with message ordering enabled).
/// Validated by <see cref="PubSubPublisher.PublishAsync"/> against Pub/Sub's limits (<see cref="PubSubLimits"/>).
/// </summary>
public sealed record OutgoingMessage(ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Attributes, string? OrderingKey = null);
