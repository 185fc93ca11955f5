using Custody.Gcp.Firestore;

namespace Custody.Gcp.Audit;

/// <summary>Fields of an <c>audit/{sequence}</c> document.</summary>
public sealed class AuditEntryMapper : IDocumentMapper<AuditEntry>
{
    public static AuditEntryMapper Instance { get; } = new();

    public FieldMap ToFields(AuditEntry value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FieldMap
        {
            ["sequence"] = FieldValue.Integer(value.Sequence),
            ["time"] = FieldValue.Timestamp(value.Time),
            ["actor"] = FieldValue.String(value.Record.Actor),
            ["action"] = FieldValue.String(value.Record.Action),
            ["requestId"] = FieldValue.String(value.Record.RequestId),
            ["traceId"] = FieldValue.String(value.Record.TraceId),
            ["details"] = FieldMap.StringMap(value.Record.Details),
            ["previousHash"] = FieldValue.String(value.PreviousHash.ToString()),
            ["hash"] = FieldValue.String(value.Hash.ToString()),
        };
    }

    public AuditEntry FromFields(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        try
        {
            var record = new AuditRecord(fields.GetString("actor"), fields.GetString("action"), fields.GetString("requestId"), fields.GetString("traceId"), fields.GetStringMap("details"));
            return new AuditEntry(fields.GetInteger("sequence"), fields.GetTimestamp("time"), record,
                AuditHash.Parse(fields.GetString("previousHash")), AuditHash.Parse(fields.GetString("hash")));
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Invalid audit entry: {ex.Message}", ex);
        }
    }
}
