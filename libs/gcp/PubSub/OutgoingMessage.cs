namespace Custody.Gcp.PubSub;

/// <summary>A message to publish: data, attributes and an optional ordering key (PUBSUB_CONTRACT.md).</summary>
public sealed record OutgoingMessage(ReadOnlyMemory<byte> Data, IReadOnlyDictionary<string, string> Attributes, string? OrderingKey = null);
