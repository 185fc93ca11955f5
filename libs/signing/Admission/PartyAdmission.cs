using System.Text;
using Custody.Attestation.Verification;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Contracts.Json;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Signing.Shares;

namespace Custody.Signing.Admission;

/// <summary>
/// A co-signer's decision to join a signing session (docs/signing.md "What a co-signer checks"). It trusts neither
/// the signer, nor the policy service, nor Firestore: with its own share store, policies, approver registry, trusted
/// attestation issuer and signing log it checks, and refuses with every reason it finds:
/// <list type="number">
/// <item>the invitation is well formed, names a wallet this party holds a share of, a signing set inside that
/// wallet's parties that includes this party, and a request whose wallet address and chain are the wallet's own;</item>
/// <item>the request was decided under a policy this party holds (by id);</item>
/// <item>the evidence verifies with its own registry and the policy re-run on the same request
/// (<see cref="EvidenceVerifier"/>), and the transaction is exactly the approved intent with fees under the policy's
/// cap (<see cref="SigningRequestCheck"/>), hashed by this party itself;</item>
/// <item>the signer's attestation token verifies and its nonce binds this session, the intent, this signing hash and
/// this party's challenge (<see cref="AttestationBinding"/>);</item>
/// <item>last, only when everything else passed, its signing log records the (wallet, nonce): it never signs a
/// different transaction for a nonce it signed before, except a replacement of the same intent within the cap.</item>
/// </list>
/// </summary>
public sealed class PartyAdmission(
    string party,
    IShareStore shares,
    PolicyBook policies,
    ApproverRegistry approvers,
    AttestationVerifier? attestation,
    ISigningLog signingLog,
    TimeProvider time)
{
    /// <summary>The outcome; on admission also what the session needs (the signing hash and the wallet record).</summary>
    public sealed record Decision(IReadOnlyList<AdmissionRefusal> Refusals, Bytes32 SigningHash, PartyWalletRecord? Wallet, TransactionIntent? Intent)
    {
        public bool Admitted => Refusals.Count == 0;

        public AdmissionAnswer ToAnswer() => new(Admitted, Refusals);
    }

    /// <summary>
    /// Makes the last check, the signing log's record of the attempt (null: recorded, else the refusal); a caller may
    /// supply its own to commit the record together with its audit entry (<see cref="Ledger.FirestoreSigningLog.RecordAuditedAsync"/>).
    /// </summary>
    public delegate Task<SigningRefusal?> AttemptRecorder(SigningAttempt attempt, FeeCap cap, DateTimeOffset now, CancellationToken ct);

    /// <summary>A co-signer's decision: every check, the signer's attestation token bound to <paramref name="challenge"/> among them.</summary>
    public Task<Decision> DecideAsync(SigningInvitation invitation, ReadOnlyMemory<byte> challenge, CancellationToken ct) =>
        DecideAsync(invitation, challenge, signingLog.RecordAsync, ct);

    /// <summary>As <see cref="DecideAsync(SigningInvitation, ReadOnlyMemory{byte}, CancellationToken)"/>, the signing log's record made by <paramref name="record"/>.</summary>
    public Task<Decision> DecideAsync(SigningInvitation invitation, ReadOnlyMemory<byte> challenge, AttemptRecorder record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (attestation is null)
        {
            throw new InvalidOperationException($"{party} has no attestation verifier: only the coordinator decides without one");
        }

        return DecideCoreAsync(invitation, challenge, record, ct);
    }

    /// <summary>
    /// The coordinator's (the signer's) own decision on the invitation it is about to send: the same checks but the
    /// attestation token, which is the signer's own (docs/signing.md "What the signer checks").
    /// </summary>
    public Task<Decision> DecideAsCoordinatorAsync(SigningInvitation invitation, CancellationToken ct) => DecideCoreAsync(invitation, null, signingLog.RecordAsync, ct);

    private async Task<Decision> DecideCoreAsync(SigningInvitation invitation, ReadOnlyMemory<byte>? challenge, AttemptRecorder record, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var refusals = new List<AdmissionRefusal>();
        var label = ReadLabel(invitation.SessionLabel, refusals);
        var approved = ReadApproved(invitation.ApprovedEvent, refusals);
        var transaction = InvitationTransaction.TryBuild(invitation.Transaction, refusals);
        var wallet = await shares.FindWalletAsync(invitation.WalletId, ct).ConfigureAwait(false);
        if (wallet is null)
        {
            refusals.Add(new(AdmissionCodes.UnknownWallet, $"{party} holds no share of wallet {invitation.WalletId}"));
        }
        else
        {
            CheckSignerSet(invitation.Signers, wallet, refusals);
        }

        if (approved is null || transaction is null || wallet is null || label is null)
        {
            return new(refusals, default, wallet, null);
        }

        CheckRequestAgainstWallet(approved, wallet, invitation.WalletId, refusals);
        if (!policies.TryGet(approved.Evidence?.PolicyId, out var policy))
        {
            refusals.Add(new(AdmissionCodes.UnknownPolicy, $"{party} holds no policy {approved.Evidence?.PolicyId ?? "(none)"}"));
            return new(refusals, default, wallet, null);
        }

        if (!TransactionIntent.TryCreate(approved.Request, out var intent, out var intentErrors))
        {
            refusals.Add(new(SigningRefusalCodes.InvalidRequest, string.Join("; ", intentErrors)));
            return new(refusals, default, wallet, null);
        }

        var verdict = EvidenceVerifier.Verify(approved.Evidence!, intent!, policy, approvers, time.GetUtcNow());
        if (SigningRequestCheck.Check(approved, verdict, policy, Address.Parse(wallet.Address), transaction) is { } refusal)
        {
            refusals.Add(new(refusal.Code, refusal.Detail));
        }

        var signingHash = transaction.SigningHash();

        if (challenge is { } bound)
        {
            var nonce = AttestationBinding.Nonce(label, intent!.Hash, signingHash, bound.Span);
            var token = await attestation!.VerifyAsync(invitation.AttestationToken ?? "", nonce, ct).ConfigureAwait(false);
            refusals.AddRange(token.Failures.Select(f => new AdmissionRefusal(AdmissionCodes.AttestationPrefix + Kebab(f.Reason.ToString()), f.Detail)));
        }

        if (refusals.Count == 0 && policy.TryGetFeeCap(intent!.ChainId, out var cap))
        {
            // The request check passed, so the cap exists (a chain without one is refused as no-fee-cap).
            if (await record(SigningAttempt.For(intent, transaction), cap, time.GetUtcNow(), ct).ConfigureAwait(false) is { } logged)
            {
                refusals.Add(new(logged.Code, logged.Detail));
            }
        }

        return new(refusals, signingHash, wallet, intent);
    }

    private static byte[]? ReadLabel(string? hex, List<AdmissionRefusal> refusals)
    {
        if (Hex.TryDecode(hex, out var label) && label.Length is >= 16 and <= 64)
        {
            return label;
        }

        refusals.Add(new(AdmissionCodes.MalformedInvitation, "$.sessionLabel: must be 0x hex of 16 to 64 bytes"));
        return null;
    }

    private static TransactionApproved? ReadApproved(string? json, List<AdmissionRefusal> refusals)
    {
        if (ContractReader.TryRead(Encoding.UTF8.GetBytes(json ?? ""), ContractsJsonContext.Default.TransactionApproved, InputLimits.EventBody, out var approved, out var errors))
        {
            return approved;
        }

        refusals.AddRange(errors.Select(e => new AdmissionRefusal(AdmissionCodes.MalformedInvitation, "approvedEvent: " + e)));
        return null;
    }

    private void CheckSignerSet(IReadOnlyList<int>? signers, PartyWalletRecord wallet, List<AdmissionRefusal> refusals)
    {
        var members = wallet.Parties.Values.ToHashSet();
        if (signers is null || signers.Count < wallet.Threshold || signers.Distinct().Count() != signers.Count ||
            !signers.All(members.Contains) || !signers.Contains(wallet.Parties[party]))
        {
            refusals.Add(new(AdmissionCodes.SignerSetInvalid,
                $"the signing set must be at least {wallet.Threshold} distinct parties of wallet {wallet.WalletId}, {party} among them"));
        }
    }

    private static void CheckRequestAgainstWallet(TransactionApproved approved, PartyWalletRecord wallet, string walletId, List<AdmissionRefusal> refusals)
    {
        var request = approved.Request;
        if (!string.Equals(request.WalletId, walletId, StringComparison.Ordinal))
        {
            refusals.Add(new(AdmissionCodes.WalletMismatch, $"the request is for wallet {request.WalletId}, the invitation names {walletId}"));
        }

        if (!Address.TryParse(request.WalletAddress, out var address) || address.ToString() != wallet.Address)
        {
            refusals.Add(new(AdmissionCodes.WalletMismatch, $"the request's walletAddress is not {wallet.Address}, the address of the key this party holds"));
        }

        if (!wallet.ChainIds.Contains(request.ChainId))
        {
            refusals.Add(new(AdmissionCodes.WalletMismatch, $"chain {request.ChainId} is not one of wallet {wallet.WalletId}'s chains"));
        }
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
