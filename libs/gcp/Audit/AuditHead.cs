using Custody.Gcp.Firestore;

namespace Custody.Gcp.Audit;

/// <summary>The <c>audit-head/head</c> document: the last sequence and hash of the chain.</summary>
public sealed record AuditHead(long Sequence, AuditHash Hash)
{
    public static IDocumentMapper<AuditHead> Mapper { get; } = new HeadMapper();

    private sealed class HeadMapper : IDocumentMapper<AuditHead>
    {
        public FieldMap ToFields(AuditHead value) => new()
        {
            ["sequence"] = FieldValue.Integer(value.Sequence),
            ["hash"] = FieldValue.String(value.Hash.ToString()),
        };

        public AuditHead FromFields(FieldMap fields) => new(fields.GetInteger("sequence"), AuditHash.Parse(fields.GetString("hash")));
    }
}
