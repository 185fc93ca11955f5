namespace Custody.Messaging.Outbox;

/// <summary>What one relay pass did: entries published, entries that failed (their keys wait for the next pass), and whether the page was full.</summary>
public sealed record OutboxPass(int Published, int Failed, bool MoreWaiting);
