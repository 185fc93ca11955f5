namespace Custody.Messaging;

/// <summary>The messaging layer's settings. Section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary>ce-source of every event this process publishes: a URI-reference naming the service, e.g. <c>//custody/intake</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>
    /// Local runs and tests only: create the registered topics, subscriptions and dead-letter topics when missing
    /// before subscribing. In production the infrastructure owns them (deploy/), created from the same declarations.
    /// </summary>
    public bool ProvisionTopology { get; set; }

    /// <summary>
    /// Default of <see cref="SubscriptionSettings.MaxDeliveryAttempts"/> for every subscription that does not set
    /// its own (5-100, Pub/Sub's range). Restarts cost delivery attempts: a consumer that is killed leaves a stale
    /// stream on Pub/Sub, and messages routed to it come back after their ack deadline with one attempt more
    /// (measured on the emulator: up to 11 wasted attempts after two kills with a 10 s ack deadline). So the default
    /// is well above Pub/Sub's usual 5, which would dead-letter events no handler ever failed on.
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = DefaultMaxDeliveryAttempts;

    /// <summary>The default of <see cref="MaxDeliveryAttempts"/> (<c>Messaging:MaxDeliveryAttempts</c>).</summary>
    public const int DefaultMaxDeliveryAttempts = 25;

    internal const int MinDeliveryAttempts = 5;

    internal const int MaxAllowedDeliveryAttempts = 100;

    internal static bool IsValidMaxDeliveryAttempts(int attempts) => attempts is >= MinDeliveryAttempts and <= MaxAllowedDeliveryAttempts;
}
