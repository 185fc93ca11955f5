namespace Custody.Gcp.PubSub;

/// <summary>A message received on the stream, with what the subscriber needs to finish it.</summary>
internal sealed record Delivery(string AckId, IncomingMessage Message, long Bytes);
