using System.Text.Json;
using System.Text.Json.Nodes;
using Custody.Attestation.Dev;
using Custody.Contracts;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Signing.Admission;
using Custody.Signing.Ledger;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>
/// A malicious or mistaken signer (or coordinator in front of it) sends co-signer "cosigner-a" invitations; each
/// check of docs/signing.md "What a co-signer checks" refuses its own case with its own code.
/// </summary>
public sealed class when_a_cosigner_decides_whether_to_join_a_session(FirestoreEmulator emulator, AdmissionFixture party)
    : IClassFixture<AdmissionFixture>, IAsyncLifetime
{
    private readonly AdmissionFixture _party = party;
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly byte[] _challenge = AttestationBinding.NewChallenge();
    private PartyAdmission _admission = null!;

    public ValueTask InitializeAsync()
    {
        _log = new FirestoreSigningLog(_firestore.Database, AdmissionFixture.Party);
        _admission = Admission();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _firestore.Dispose();
        return ValueTask.CompletedTask;
    }

    private FirestoreSigningLog _log = null!;

    private PartyAdmission Admission() => new(
        AdmissionFixture.Party, _party.Shares, new PolicyBook([_party.Policy]), _party.Registry, _party.Verifier, _log, TimeProvider.System);

    private Task<PartyAdmission.Decision> Decide(SigningInvitation invitation) =>
        _admission.DecideAsync(invitation, _challenge, TestContext.Current.CancellationToken);

    private SigningInvitation Honest(string requestId = "req-1", decimal ether = 1.5m, ulong nonce = 0, ulong maxFeeGwei = 2)
    {
        var request = _party.Request(requestId, ether);
        return _party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request, nonce, maxFeeGwei), _challenge);
    }

    /// <summary>Refused for <paramref name="codes"/> and for nothing else: each case fails for its own reasons.</summary>
    private static void AssertRefused(PartyAdmission.Decision decision, params string[] codes)
    {
        Assert.False(decision.Admitted);
        Assert.Equal(codes, decision.Refusals.Select(r => r.Code).Distinct());
    }

    [Fact]
    public async Task an_honest_invitation_is_admitted_with_the_signing_hash_computed_here()
    {
        var request = _party.Request("req-ok", 1.5m);
        var transaction = AdmissionFixture.Transaction(request);

        var decision = await Decide(_party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), transaction, _challenge));

        Assert.True(decision.Admitted, string.Join("; ", decision.Refusals));
        Assert.Equal(transaction.SigningHash(), decision.SigningHash);
    }

    [Fact]
    public async Task a_forged_approval_is_refused()
    {
        var request = _party.Request("req-forged", 1.5m);
        var approved = _party.Approved(request, "treasury", "alice", "bob");
        // Mallory signs in bob's name.
        var forged = Domain.Approvals.ApprovalSigner.Sign(_party.Approvers["mallory"], "bob", request.RequestId,
            Domain.Intents.TransactionIntent.Create(request).Hash, _party.Policy.Id, Domain.Approvals.ApprovalDecision.Approve, AdmissionFixture.WholeSecondsAgo(-20 * 60));
        approved = approved with { Evidence = approved.Evidence with { Approvals = [approved.Evidence.Approvals[0], forged] } };

        AssertRefused(await Decide(_party.Invitation(approved, AdmissionFixture.Transaction(request), _challenge)), SigningRefusalCodes.EvidenceNotApproved);
    }

    [Fact]
    public async Task a_tampered_destination_is_refused()
    {
        var request = _party.Request("req-dest", 1.5m);
        var transaction = AdmissionFixture.Transaction(request) with { To = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") };

        AssertRefused(await Decide(_party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), transaction, _challenge)), SigningRefusalCodes.ToMismatch);
    }

    [Fact]
    public async Task a_fee_above_the_policy_cap_is_refused() =>
        AssertRefused(await Decide(Honest("req-fee", maxFeeGwei: 500)), SigningRefusalCodes.FeeAboveCap);

    [Fact]
    public async Task a_policy_this_party_does_not_hold_is_refused()
    {
        var request = _party.Request("req-policy", 1.5m);
        var approved = _party.Approved(request, "treasury", "alice", "bob");
        approved = approved with { Evidence = approved.Evidence with { PolicyId = "0x" + new string('7', 64) } };

        AssertRefused(await Decide(_party.Invitation(approved, AdmissionFixture.Transaction(request), _challenge)), AdmissionCodes.UnknownPolicy);
    }

    [Fact]
    public async Task a_token_from_a_debug_mode_signer_is_refused()
    {
        var request = _party.Request("req-debug", 1.5m);
        var invitation = _party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request), _challenge,
            token: nonce => WithClaim(nonce, "dbgstat", "enabled"));

        AssertRefused(await Decide(invitation), "attestation-debug-enabled");
    }

    [Fact]
    public async Task a_token_for_another_image_is_refused()
    {
        var request = _party.Request("req-digest", 1.5m);
        var invitation = _party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request), _challenge,
            token: nonce => WithContainerDigest(nonce, "sha256:" + new string('c', 64)));

        Assert.Contains((await Decide(invitation)).Refusals, r => r.Code == "attestation-image-not-allowed");
    }

    [Fact]
    public async Task an_expired_token_is_refused()
    {
        var request = _party.Request("req-expired", 1.5m);
        var invitation = _party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request), _challenge,
            token: nonce =>
            {
                var claims = _party.Issuer.CreateClaims(AdmissionFixture.Party, [nonce]);
                var past = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();
                claims["iat"] = past;
                claims["nbf"] = past;
                claims["exp"] = past + 600;
                return _party.Issuer.Sign(claims);
            });

        AssertRefused(await Decide(invitation), "attestation-expired");
    }

    [Fact]
    public async Task a_token_bound_to_another_challenge_session_or_transaction_is_refused()
    {
        var request = _party.Request("req-bound", 1.5m);
        var approved = _party.Approved(request, "treasury", "alice", "bob");
        var transaction = AdmissionFixture.Transaction(request);

        // A token obtained for another co-signer's challenge (a replay), and one for another transaction.
        var otherChallenge = _party.Invitation(approved, transaction, AttestationBinding.NewChallenge());
        var otherTransaction = _party.Invitation(approved, transaction with { Nonce = 7 }, _challenge);
        var honestLabel = _party.Invitation(approved, transaction, _challenge);

        AssertRefused(await Decide(otherChallenge), "attestation-nonce-mismatch");
        AssertRefused(await Decide(honestLabel with { AttestationToken = otherTransaction.AttestationToken }), "attestation-nonce-mismatch");
        AssertRefused(await Decide(otherChallenge with { SessionLabel = Hex.Encode(new byte[32]) }), "attestation-nonce-mismatch");
    }

    [Fact]
    public async Task a_second_transaction_for_a_used_nonce_is_refused_but_a_retry_of_the_first_is_admitted()
    {
        var first = await Decide(Honest("req-n1", 1.5m, nonce: 5));
        Assert.True(first.Admitted, string.Join("; ", first.Refusals));
        // What PartySessions.SignAsync does before the party releases anything of its signature.
        Assert.True(await _log.MarkContributedAsync(AdmissionFixture.WalletId, AdmissionFixture.ChainId, 5, first.SigningHash, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));

        var retry = await Decide(Honest("req-n1", 1.5m, nonce: 5));
        var other = await Decide(Honest("req-n2", 2m, nonce: 5));

        Assert.True(retry.Admitted, string.Join("; ", retry.Refusals));
        AssertRefused(other, SigningRefusalCodes.NonceTaken);
    }

    [Fact]
    public async Task a_nonce_admitted_but_never_signed_is_free_for_another_approved_transaction()
    {
        var admitted = await Decide(Honest("req-u1", 1.5m, nonce: 6));
        Assert.True(admitted.Admitted, string.Join("; ", admitted.Refusals));

        var other = await Decide(Honest("req-u2", 2m, nonce: 6));

        Assert.True(other.Admitted, string.Join("; ", other.Refusals));
        Assert.False(await _log.MarkContributedAsync(AdmissionFixture.WalletId, AdmissionFixture.ChainId, 6, admitted.SigningHash, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_policy_without_a_fee_cap_for_the_chain_is_refused()
    {
        var uncapped = Custody.Domain.Policies.PolicyParser.Parse(AdmissionFixture.PolicyText.Replace("\"31337\"", "\"1\"", StringComparison.Ordinal));
        var admission = new PartyAdmission(
            AdmissionFixture.Party, _party.Shares, new PolicyBook([uncapped]), _party.Registry, _party.Verifier, _log, TimeProvider.System);
        var request = _party.Request("req-nocap", 1.5m);
        var approved = _party.ApprovedUnder(uncapped, request, "treasury", "alice", "bob");

        var decision = await admission.DecideAsync(_party.Invitation(approved, AdmissionFixture.Transaction(request), _challenge), _challenge, TestContext.Current.CancellationToken);

        AssertRefused(decision, SigningRefusalCodes.NoFeeCap);
    }

    [Fact]
    public async Task a_request_for_another_wallet_address_or_chain_is_refused()
    {
        var request = _party.Request("req-wallet", 1.5m) with { WalletAddress = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" };
        var invitation = _party.Invitation(_party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request), _challenge);

        // The party's own wallet record and the domain's sender check both object.
        AssertRefused(await Decide(invitation), AdmissionCodes.WalletMismatch, SigningRefusalCodes.SenderMismatch);
        AssertRefused(await Decide(Honest() with { WalletId = "unknown-wallet" }), AdmissionCodes.UnknownWallet);

        // Chain 1 is not one of the wallet's chains (and the policy caps no fee there).
        var otherChain = _party.Request("req-chain", 1.5m) with { ChainId = 1 };
        var onOtherChain = _party.Invitation(_party.Approved(otherChain, "treasury", "alice", "bob"), AdmissionFixture.Transaction(otherChain), _challenge);
        AssertRefused(await Decide(onOtherChain), AdmissionCodes.WalletMismatch, SigningRefusalCodes.NoFeeCap);
    }

    [Fact]
    public async Task a_signing_set_without_this_party_or_below_the_threshold_is_refused()
    {
        AssertRefused(await Decide(Honest() with { Signers = [1, 3] }), AdmissionCodes.SignerSetInvalid);
        AssertRefused(await Decide(Honest() with { Signers = [2] }), AdmissionCodes.SignerSetInvalid);
        AssertRefused(await Decide(Honest() with { Signers = [2, 2] }), AdmissionCodes.SignerSetInvalid);
        AssertRefused(await Decide(Honest() with { Signers = [2, 9] }), AdmissionCodes.SignerSetInvalid);
    }

    [Fact]
    public async Task a_malformed_invitation_is_refused_with_the_field_named()
    {
        var decision = await Decide(Honest() with { SessionLabel = "0x01", ApprovedEvent = "{\"requestId\": 1}" });

        AssertRefused(decision, AdmissionCodes.MalformedInvitation);
        Assert.Contains(decision.Refusals, r => r.Message.Contains("$.sessionLabel", StringComparison.Ordinal));
        Assert.Contains(decision.Refusals, r => r.Message.StartsWith("approvedEvent: $.requestId", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_refused_invitation_leaves_the_nonce_free()
    {
        AssertRefused(await Decide(Honest("req-f1", 1.5m, nonce: 9, maxFeeGwei: 500)), SigningRefusalCodes.FeeAboveCap);

        var next = await Decide(Honest("req-f2", 1.5m, nonce: 9));

        Assert.True(next.Admitted, string.Join("; ", next.Refusals));
    }

    private string WithClaim(string nonce, string claim, string value)
    {
        var claims = _party.Issuer.CreateClaims(AdmissionFixture.Party, [nonce]);
        claims[claim] = value;
        return _party.Issuer.Sign(claims);
    }

    private string WithContainerDigest(string nonce, string digest)
    {
        var claims = _party.Issuer.CreateClaims(AdmissionFixture.Party, [nonce]);
        claims["submods"]!["container"]!["image_digest"] = digest;
        return _party.Issuer.Sign(claims);
    }
}
