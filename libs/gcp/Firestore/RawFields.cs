namespace Custody.Gcp.Firestore;

/// <summary>The identity mapper: a document's fields as they are (for tools that inspect or validate documents one by one).</summary>
public sealed class RawFields : IDocumentMapper<FieldMap>
{
    public static RawFields Mapper { get; } = new();

    public FieldMap ToFields(FieldMap value) => value;

    public FieldMap FromFields(FieldMap fields) => fields;
}
