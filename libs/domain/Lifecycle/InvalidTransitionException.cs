namespace Custody.Domain.Lifecycle;

/// <summary>A lifecycle transition that <see cref="TransactionLifecycle"/> does not allow.</summary>
public sealed class InvalidTransitionException : InvalidOperationException
{
    public InvalidTransitionException(TransactionState from, TransactionState to)
        : base(TransactionLifecycle.IsTerminal(from)
            ? $"{from} is terminal; it cannot change to {to}."
            : $"{from} cannot change to {to}; allowed: {string.Join(", ", TransactionLifecycle.NextStates(from).Order())}.")
    {
        From = from;
        To = to;
    }

    public InvalidTransitionException()
    {
    }

    public InvalidTransitionException(string message)
        : base(message)
    {
    }

    public InvalidTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransactionState From { get; }

    public TransactionState To { get; }
}
