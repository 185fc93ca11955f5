namespace Custody.Gcp.Firestore;

/// <summary>An update_time precondition failed: the document changed (or was deleted) since it was read (FAILED_PRECONDITION).</summary>
public sealed class DocumentChangedException : FirestoreException
{
    public DocumentChangedException()
    {
    }

    public DocumentChangedException(string message)
        : base(message)
    {
    }

    public DocumentChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The document concerned, when the write that failed is known.</summary>
    public DocumentPath? Path { get; init; }

    internal static DocumentChangedException For(DocumentPath? path, Exception inner) =>
        new(path is null ? "A document of the commit changed since it was read." : $"The document {path} changed since it was read.", inner) { Path = path };
}
