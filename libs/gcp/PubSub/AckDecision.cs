namespace Custody.Gcp.PubSub;

/// <summary>What a subscriber does with a message once its handler has run (PUBSUB_CONTRACT.md).</summary>
public enum AckDecision
{
    Ack,
    Nack,
}
