namespace Custody.Gcp.Audit;

/// <summary>The outcome of walking every chain: how many entries were checked (all chains), the chain count, and the first break, if any.</summary>
public sealed record AuditVerification(long EntriesChecked, int Chains, AuditBreak? Break)
{
    public bool IsIntact => Break is null;

    public override string ToString() => Break is null ? $"audit chains intact: {EntriesChecked} entries in {Chains} chains" : Break.ToString();
}
