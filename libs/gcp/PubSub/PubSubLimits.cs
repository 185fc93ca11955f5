namespace Custody.Gcp.PubSub;

/// <summary>Pub/Sub's published quotas and limits (cloud.google.com/pubsub/quotas, "Resource limits").</summary>
public static class PubSubLimits
{
    /// <summary>Messages per Publish request.</summary>
    public const int MaxMessagesPerPublish = 1_000;

    /// <summary>Bytes per Publish request (10 MB).</summary>
    public const long MaxPublishRequestBytes = 10_000_000;

    /// <summary>Size of one message: data, attributes and ordering key (10 MB).</summary>
    public const int MaxMessageBytes = 10_000_000;

    public const int MaxAttributes = 100;

    public const int MaxAttributeKeyBytes = 256;

    public const int MaxAttributeValueBytes = 1_024;

    public const int MaxOrderingKeyBytes = 1_024;

    /// <summary>Ack deadline bounds (seconds) for subscriptions and ModifyAckDeadline.</summary>
    public const int MinAckDeadlineSeconds = 10;

    public const int MaxAckDeadlineSeconds = 600;

    /// <summary>Dead-letter policy bounds for max_delivery_attempts.</summary>
    public const int MinDeliveryAttempts = 5;

    public const int MaxDeliveryAttempts = 100;

    /// <summary>Ack ids per Acknowledge / ModifyAckDeadline request (what Google's clients send at most).</summary>
    public const int MaxAckIdsPerRequest = 2_500;
}
