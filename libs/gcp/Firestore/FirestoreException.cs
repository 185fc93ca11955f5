namespace Custody.Gcp.Firestore;

/// <summary>Base of the typed Firestore errors Custody's document layer raises.</summary>
public class FirestoreException : Exception
{
    public FirestoreException()
    {
    }

    public FirestoreException(string message)
        : base(message)
    {
    }

    public FirestoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
