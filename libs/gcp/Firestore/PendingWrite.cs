using Google.Cloud.Firestore.V1;

namespace Custody.Gcp.Firestore;

/// <summary>One write of a commit (google/firestore/v1/write.proto) with the document it concerns.</summary>
internal sealed record PendingWrite(DocumentPath Path, Write Write)
{
    /// <summary>Create: fails with ALREADY_EXISTS when the document exists (precondition exists=false).</summary>
    public static PendingWrite Create(FirestoreRpc rpc, DocumentPath path, FieldMap fields) =>
        new(path, new Write { Update = ValueConverter.ToDocument(rpc.NameOf(path), fields), CurrentDocument = new Precondition { Exists = false } });

    /// <summary>Set: creates or replaces the whole document, no precondition.</summary>
    public static PendingWrite Set(FirestoreRpc rpc, DocumentPath path, FieldMap fields) =>
        new(path, new Write { Update = ValueConverter.ToDocument(rpc.NameOf(path), fields) });

    /// <summary>
    /// Update: replaces the document (or, with <paramref name="onlyFields"/>, only the named top-level fields),
    /// which must exist; with <paramref name="expected"/>, it must also be unchanged since that version.
    /// </summary>
    public static PendingWrite Update(FirestoreRpc rpc, DocumentPath path, FieldMap fields, DocumentVersion? expected, bool onlyFields)
    {
        var write = new Write { Update = ValueConverter.ToDocument(rpc.NameOf(path), fields), CurrentDocument = Precondition(expected) };
        if (onlyFields)
        {
            write.UpdateMask = new DocumentMask { FieldPaths = { fields.Fields.Keys.Select(QuoteField) } };
        }

        return new(path, write);
    }

    public static PendingWrite Delete(FirestoreRpc rpc, DocumentPath path, DocumentVersion? expected) =>
        new(path, new Write { Delete = rpc.NameOf(path), CurrentDocument = expected is null ? null : Precondition(expected) });

    private static Precondition Precondition(DocumentVersion? expected) =>
        expected is { } version ? new Precondition { UpdateTime = version.ToTimestamp() } : new Precondition { Exists = true };

    // Field paths in an update mask: simple names as-is, anything else back-quoted (Firestore field path syntax).
    private static string QuoteField(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? name
            : "`" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";
}
