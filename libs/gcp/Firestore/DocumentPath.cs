using System.Text;

namespace Custody.Gcp.Firestore;

/// <summary>
/// A validated document path relative to the database root: <c>collection/id[/collection/id...]</c>.
/// Segment rules follow Firestore's limits (no '/', not '.' or '..', not <c>__x__</c>, at most 1,500 bytes).
/// </summary>
public sealed record DocumentPath
{
    private DocumentPath(IReadOnlyList<string> segments) => Segments = segments;

    public IReadOnlyList<string> Segments { get; }

    /// <summary>The document id (last segment).</summary>
    public string Id => Segments[^1];

    /// <summary>The id of the collection that holds the document.</summary>
    public string CollectionId => Segments[^2];

    /// <summary>The parent document of the collection, or null for a root collection.</summary>
    public DocumentPath? Parent => Segments.Count == 2 ? null : new DocumentPath(Segments.Take(Segments.Count - 2).ToArray());

    public string Relative => string.Join('/', Segments);

    public static DocumentPath Of(string collectionId, string documentId) => Of([collectionId, documentId]);

    public static DocumentPath Of(params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Length == 0 || segments.Length % 2 != 0)
        {
            throw new ArgumentException("A document path has an even, non-zero number of segments (collection/id pairs).", nameof(segments));
        }

        foreach (var segment in segments)
        {
            ValidateSegment(segment);
        }

        return new DocumentPath(segments.ToArray());
    }

    /// <summary>A document of the sub-collection <paramref name="collectionId"/> under this document.</summary>
    public DocumentPath Child(string collectionId, string documentId) => Of([.. Segments, collectionId, documentId]);

    /// <summary>Parses a full resource name (<c>projects/p/databases/d/documents/...</c>) of <paramref name="databasePath"/>.</summary>
    public static DocumentPath FromName(string databasePath, string name)
    {
        var prefix = databasePath + "/documents/";
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException("The document name does not belong to this database.");
        }

        return Of(name[prefix.Length..].Split('/'));
    }

    public string FullName(string databasePath) => $"{databasePath}/documents/{Relative}";

    public static void ValidateSegment(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        if (segment.Contains('/', StringComparison.Ordinal) || segment is "." or ".."
            || (segment.StartsWith("__", StringComparison.Ordinal) && segment.EndsWith("__", StringComparison.Ordinal))
            || Encoding.UTF8.GetByteCount(segment) > 1500)
        {
            throw new ArgumentException("Invalid Firestore path segment (no '/', not '.' or '..', not __x__, at most 1500 bytes).", nameof(segment));
        }
    }

    public bool Equals(DocumentPath? other) => other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Relative);

    public override string ToString() => Relative;
}
