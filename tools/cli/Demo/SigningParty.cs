using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Keys;

namespace Custody.Cli.Demo;

/// <summary>
/// A signing party (the signer or a co-signer) deciding to take part: it trusts no one, so it re-verifies the evidence
/// with its own policy and approver registry (EvidenceVerifier), checks that the transaction to sign is exactly the
/// approved intent with fees within the policy's cap (SigningRequestCheck) and hashes it itself, and only then unseals its share.
/// </summary>
internal sealed class SigningParty(PartyVault vault, Policy policy, ApproverRegistry approvers)
{
    public string Name => vault.Name;

    public PartyVault Vault => vault;

    /// <summary>Returns the unsealed share (the caller disposes it) and the signing hash this party computed.</summary>
    public async Task<(KeyShare Share, Bytes32 SigningHash)> AgreeAsync(
        TransactionIntent intent, TransactionApproved approved, DynamicFeeTransaction transaction, Address wallet, DateTimeOffset now, CancellationToken ct)
    {
        var verdict = EvidenceVerifier.Verify(approved.Evidence, intent, policy, approvers, now);
        // The exact-intent and fee-cap check every signing party makes (docs/signing.md "The transaction check").
        if (SigningRequestCheck.Check(approved, verdict, policy, wallet, transaction) is { } refusal)
        {
            throw new DemoException($"{Name} refuses to sign {intent.RequestId}: {refusal}");
        }

        var hash = transaction.SigningHash();
        var share = await vault.UnsealAsync(ct).ConfigureAwait(false);
        Narration.Line($"{Name,-10} evidence verified ({verdict.Decision.Kind.ToWire()}, rule {verdict.Decision.RuleId}); transaction is the intent, fees within the policy's cap; signing hash {hash}; share unsealed");
        return (share, hash);
    }
}
