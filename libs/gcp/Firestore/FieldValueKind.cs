namespace Custody.Gcp.Firestore;

/// <summary>The Firestore value types Custody stores (google/firestore/v1/document.proto, <c>Value</c>).</summary>
public enum FieldValueKind
{
    Null,
    Boolean,
    Integer,
    Double,
    String,
    Bytes,
    Timestamp,
    Map,
    Array,
}
