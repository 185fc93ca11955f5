namespace Custody.Gcp.PubSub;

/// <summary>
/// An existing subscription differs from the requested <see cref="SubscriptionSpec"/> in something Pub/Sub
/// cannot change in place (topic, message ordering) or that changes delivery semantics (dead-letter policy).
/// The message lists every difference.
/// </summary>
public sealed class SubscriptionMismatchException : InvalidOperationException
{
    public SubscriptionMismatchException()
    {
    }

    public SubscriptionMismatchException(string message)
        : base(message)
    {
    }

    public SubscriptionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SubscriptionMismatchException(string subscriptionId, IReadOnlyList<string> differences)
        : base($"Subscription '{subscriptionId}' already exists with different settings: {string.Join("; ", differences)}. " +
               "Delete and recreate it (or use a new subscription id) to change these.")
    {
        Differences = differences;
    }

    public IReadOnlyList<string> Differences { get; } = [];
}
