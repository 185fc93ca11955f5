namespace Custody.Gcp.Firestore;

/// <summary>A read-write transaction was aborted by contention on every allowed attempt.</summary>
public sealed class TransactionContentionException : FirestoreException
{
    public TransactionContentionException()
    {
    }

    public TransactionContentionException(string message)
        : base(message)
    {
    }

    public TransactionContentionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Attempts { get; init; }
}
