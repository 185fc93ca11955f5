using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;

namespace Custody.Testing;

/// <summary>The audit entries of one request in a project's audit log, oldest first.</summary>
public static class AuditTrail
{
    public static async Task<IReadOnlyList<AuditRecord>> OfAsync(FirestoreDatabase database, string requestId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        var all = await database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection), AuditEntryMapper.Instance, ct);
        return [.. all.Select(d => d.Value).Where(e => e.Record.RequestId == requestId).OrderBy(e => e.Sequence).Select(e => e.Record)];
    }
}
