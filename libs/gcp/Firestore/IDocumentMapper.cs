namespace Custody.Gcp.Firestore;

/// <summary>
/// Explicit conversion between a record and the fields of its Firestore document: one small class per type,
/// no reflection, so it works with trimming and AOT. <see cref="FromFields"/> validates what it reads and
/// throws <see cref="FormatException"/> on a malformed document.
/// </summary>
public interface IDocumentMapper<T>
{
    FieldMap ToFields(T value);

    T FromFields(FieldMap fields);
}
