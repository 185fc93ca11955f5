namespace Custody.Gcp.Audit;

/// <summary>The outcome of walking the chain: how many entries were checked and the first break, if any.</summary>
public sealed record AuditVerification(long EntriesChecked, AuditBreak? Break)
{
    public bool IsIntact => Break is null;

    public override string ToString() => Break is null ? $"audit chain intact: {EntriesChecked} entries" : Break.ToString();
}
