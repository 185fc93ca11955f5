using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Keys;

namespace Custody.Cli.Demo;

/// <summary>
/// A signing party (the signer or a co-signer) deciding to take part: it trusts no one, so it re-verifies the evidence
/// with its own policy and approver registry (EvidenceVerifier), checks that the transaction to sign is exactly the
/// approved intent and hashes it itself, and only then unseals its share.
/// </summary>
internal sealed class SigningParty(PartyVault vault, Policy policy, ApproverRegistry approvers)
{
    public string Name => vault.Name;

    public PartyVault Vault => vault;

    /// <summary>Returns the unsealed share (the caller disposes it) and the signing hash this party computed.</summary>
    public async Task<(KeyShare Share, Bytes32 SigningHash)> AgreeAsync(
        TransactionIntent intent, ApprovalEvidence evidence, Transaction transaction, DateTimeOffset now, CancellationToken ct)
    {
        var verdict = EvidenceVerifier.Verify(evidence, intent, policy, approvers, now);
        if (!verdict.IsApproved)
        {
            throw new DemoException($"{Name} refuses to sign {intent.RequestId}: {string.Join("; ", verdict.Failures)}");
        }

        if (transaction.ChainId != intent.ChainId || transaction.To != intent.To || transaction.Value != intent.Value ||
            !transaction.Data.Span.SequenceEqual(intent.Data))
        {
            throw new DemoException($"{Name} refuses to sign {intent.RequestId}: the transaction is not the approved intent.");
        }

        var hash = transaction.SigningHash();
        var share = await vault.UnsealAsync(ct).ConfigureAwait(false);
        Narration.Line($"{Name,-10} evidence verified ({verdict.Decision.Kind.ToWire()}, rule {verdict.Decision.RuleId}); signing hash {hash}; share unsealed");
        return (share, hash);
    }
}
