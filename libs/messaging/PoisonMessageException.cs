namespace Custody.Messaging;

/// <summary>A message that can never be handled; it is dead-lettered with <see cref="Reason"/>. The message text never quotes payload.</summary>
internal sealed class PoisonMessageException : Exception
{
    public PoisonMessageException(PoisonReason reason, string detail)
        : base(detail)
    {
        Reason = reason;
    }

    public PoisonReason Reason { get; }
}
