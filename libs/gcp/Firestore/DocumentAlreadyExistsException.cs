namespace Custody.Gcp.Firestore;

/// <summary>A create with exists=false found the document already there (ALREADY_EXISTS).</summary>
public sealed class DocumentAlreadyExistsException : FirestoreException
{
    public DocumentAlreadyExistsException()
    {
    }

    public DocumentAlreadyExistsException(string message)
        : base(message)
    {
    }

    public DocumentAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The document concerned, when the write that failed is known.</summary>
    public DocumentPath? Path { get; init; }

    internal static DocumentAlreadyExistsException For(DocumentPath? path, Exception inner) =>
        new(path is null ? "A document of the commit already exists." : $"The document {path} already exists.", inner) { Path = path };
}
