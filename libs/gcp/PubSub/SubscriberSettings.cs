namespace Custody.Gcp.PubSub;

/// <summary>
/// Settings of <see cref="PubSubSubscriber"/>. Defaults follow Google's client libraries
/// (docs/google-cloud.md, "Behaviour taken from Google's Pub/Sub client"). Validated when the subscriber is created.
/// </summary>
public sealed class SubscriberSettings
{
    /// <summary>Ack deadline of messages delivered on the stream, also the receipt and extension deadline (10..600 s).</summary>
    public int StreamAckDeadlineSeconds { get; init; } = 60;

    /// <summary>Client-side flow control: stop reading the stream while this many messages are unfinished.</summary>
    public int MaxOutstandingMessages { get; init; } = 1_000;

    /// <summary>Client-side flow control: stop reading the stream while this many bytes are unfinished.</summary>
    public long MaxOutstandingBytes { get; init; } = 100 * 1024 * 1024;

    /// <summary>Handlers running at once (never more than <see cref="MaxOutstandingMessages"/>).</summary>
    public int MaxConcurrentHandlers { get; init; } = 32;

    /// <summary>Extend the ack deadline of messages still held or in a handler.</summary>
    public bool LeaseExtensionEnabled { get; init; } = true;

    /// <summary>Extensions are sent this long before the deadline runs out (at least every half deadline).</summary>
    public TimeSpan LeaseExtensionMargin { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After this long a message is no longer extended and Pub/Sub redelivers it.</summary>
    public TimeSpan MaxTotalLeaseExtension { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Acks, nacks and extensions are sent at least this often...</summary>
    public TimeSpan AckBatchInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>...or as soon as this many ack ids are waiting (1..2,500).</summary>
    public int MaxAckIdsPerRequest { get; init; } = PubSubLimits.MaxAckIdsPerRequest;

    /// <summary>An empty request is written on the stream this often so idle streams are not closed.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(25);

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="PubSubSubscriber.StopAsync"/> waits for running handlers before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a stop waits, after half-closing the StreamingPull, for the server to end it before cancelling it
    /// (a cancelled stream stays a delivery target on the emulator until the messages routed to it expire).
    /// </summary>
    public TimeSpan StreamCloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often lease extensions are sent: the deadline less the margin, and at least every half deadline.</summary>
    internal TimeSpan LeaseExtensionPeriod
    {
        get
        {
            var deadline = TimeSpan.FromSeconds(StreamAckDeadlineSeconds);
            var beforeMargin = deadline - LeaseExtensionMargin;
            var half = deadline / 2;
            return beforeMargin < half ? half : beforeMargin;
        }
    }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamAckDeadlineSeconds, PubSubLimits.MinAckDeadlineSeconds, nameof(StreamAckDeadlineSeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StreamAckDeadlineSeconds, PubSubLimits.MaxAckDeadlineSeconds, nameof(StreamAckDeadlineSeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutstandingMessages, 1, nameof(MaxOutstandingMessages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOutstandingBytes, 1, nameof(MaxOutstandingBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentHandlers, 1, nameof(MaxConcurrentHandlers));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseExtensionMargin, TimeSpan.Zero, nameof(LeaseExtensionMargin));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTotalLeaseExtension, TimeSpan.Zero, nameof(MaxTotalLeaseExtension));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AckBatchInterval, TimeSpan.Zero, nameof(AckBatchInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAckIdsPerRequest, 1, nameof(MaxAckIdsPerRequest));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAckIdsPerRequest, PubSubLimits.MaxAckIdsPerRequest, nameof(MaxAckIdsPerRequest));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeepAliveInterval, TimeSpan.FromMilliseconds(10), nameof(KeepAliveInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectInitialDelay, TimeSpan.Zero, nameof(ReconnectInitialDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectInitialDelay, nameof(ReconnectMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero, nameof(ShutdownTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(StreamCloseTimeout, TimeSpan.Zero, nameof(StreamCloseTimeout));
    }
}
