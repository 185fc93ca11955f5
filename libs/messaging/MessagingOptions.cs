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
}
