namespace Custody.Gcp.PubSub;

/// <summary>What a handler decided: acknowledge (done), or nack (redeliver now, counting a delivery attempt).</summary>
public enum AckDecision
{
    Ack,
    Nack,
}
