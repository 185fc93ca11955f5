namespace Custody.Gcp.Firestore;

/// <summary>A write that requires the document to exist found none (NOT_FOUND).</summary>
public sealed class DocumentNotFoundException : FirestoreException
{
    public DocumentNotFoundException()
    {
    }

    public DocumentNotFoundException(string message)
        : base(message)
    {
    }

    public DocumentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The document concerned, when the write that failed is known.</summary>
    public DocumentPath? Path { get; init; }

    internal static DocumentNotFoundException For(DocumentPath? path, Exception inner) =>
        new(path is null ? "A document of the commit does not exist." : $"The document {path} does not exist.", inner) { Path = path };
}
