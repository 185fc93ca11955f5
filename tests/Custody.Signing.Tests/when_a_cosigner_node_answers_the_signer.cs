using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Mpc.Protocol;
using Custody.Signing.Admission;
using Custody.Signing.Ledger;
using Custody.Signing.Sessions;
using Custody.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Signing.Tests;

/// <summary>
/// docs/signing.md "Signing sessions": a co-signer answers an invitation only for a challenge it issued, once and
/// in time, and signs only the transaction its signing log holds when the session starts.
/// </summary>
public sealed class when_a_cosigner_node_answers_the_signer(FirestoreEmulator emulator, AdmissionFixture party)
    : IClassFixture<AdmissionFixture>, IDisposable
{
    private readonly EmulatedFirestore _firestore = new(emulator);
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _firestore.Dispose();

    private (CosignerNode Node, PartySessions Sessions) Node()
    {
        var log = new FirestoreSigningLog(_firestore.Database, AdmissionFixture.Party);
        var admission = new PartyAdmission(AdmissionFixture.Party, party.Shares, new PolicyBook([party.Policy]), party.Registry, party.Verifier, log, TimeProvider.System);
        var sessions = new PartySessions(AdmissionFixture.Party, party.Shares, new FirestoreSessionLedger(_firestore.Database, AdmissionFixture.Party), log, TimeProvider.System);
        return (new CosignerNode(AdmissionFixture.Party, admission, sessions, log, new AuditLog(_firestore.Database), _clock, NullLogger<CosignerNode>.Instance), sessions);
    }

    private SigningInvitation Invitation(CosignerNode node, string requestId, decimal ether = 1.5m, ulong nonce = 0, byte[]? label = null)
    {
        label ??= RandomNumberGenerator.GetBytes(32);
        var request = party.Request(requestId, ether);
        var challenge = node.Challenge(Hex.Encode(label));
        return party.Invitation(party.Approved(request, "treasury", "alice", "bob"), AdmissionFixture.Transaction(request, nonce), challenge, label);
    }

    [Fact]
    public async Task an_invitation_bound_to_its_challenge_is_admitted_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, _) = Node();
        var invitation = Invitation(node, "req-node-1");

        var first = await node.AdmitAsync(invitation, ct);
        var again = await node.AdmitAsync(invitation, ct);

        Assert.True(first.Admitted, string.Join("; ", first.Refusals));
        Assert.Equal([AdmissionCodes.MalformedInvitation], again.Refusals.Select(r => r.Code));
    }

    [Fact]
    public async Task every_decision_is_audited_with_its_codes_in_the_partys_hash_chained_log()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, _) = Node();
        var admitted = await node.AdmitAsync(Invitation(node, "req-audit-1", nonce: 21), ct);
        await node.AdmitAsync(Invitation(node, "req-audit-2", nonce: 22) with { Signers = [2] }, ct);

        var entries = await _firestore.Database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection), RawFields.Mapper, ct);
        var byAction = entries.Select(e => e.Value).ToDictionary(e => e.GetString("action"));

        Assert.Equal(2, entries.Count);
        Assert.Equal("req-audit-1", byAction["signing-admitted"].GetString("requestId"));
        Assert.Equal(admitted.SigningHash.ToString(), byAction["signing-admitted"].GetStringMap("details")["signingHash"]);
        Assert.Equal(AdmissionCodes.SignerSetInvalid, byAction["signing-refused"].GetStringMap("details")["codes"]);
        Assert.True((await new AuditLog(_firestore.Database).VerifyAsync(ct: ct)).IsIntact);
    }

    [Fact]
    public async Task the_signing_logs_refusal_is_audited_with_its_code_and_leaves_the_log_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, _) = Node();
        var first = await node.AdmitAsync(Invitation(node, "req-audit-3", nonce: 23), ct);
        var log = new FirestoreSigningLog(_firestore.Database, AdmissionFixture.Party);
        Assert.True(await log.MarkContributedAsync(AdmissionFixture.WalletId, AdmissionFixture.ChainId, 23, first.SigningHash, DateTimeOffset.UtcNow, ct));

        var second = await node.AdmitAsync(Invitation(node, "req-audit-4", ether: 2m, nonce: 23), ct);

        Assert.Equal([Custody.Domain.Signing.SigningRefusalCodes.NonceTaken], second.Refusals.Select(r => r.Code));
        var entries = (await _firestore.Database.QueryAsync(DocumentQuery.Collection(AuditLayout.EntriesCollection), RawFields.Mapper, ct))
            .Select(e => e.Value).ToDictionary(e => e.GetString("requestId"));
        Assert.Equal("signing-admitted", entries["req-audit-3"].GetString("action"));
        Assert.Equal("signing-refused", entries["req-audit-4"].GetString("action"));
        Assert.Equal(Custody.Domain.Signing.SigningRefusalCodes.NonceTaken, entries["req-audit-4"].GetStringMap("details")["codes"]);
        Assert.Equal(first.SigningHash, (await log.GetAsync(AdmissionFixture.WalletId, AdmissionFixture.ChainId, 23, ct))?.Attempt.SigningHash);
        Assert.True((await new AuditLog(_firestore.Database).VerifyAsync(ct: ct)).IsIntact);
    }

    [Fact]
    public async Task an_invitation_for_a_session_it_issued_no_challenge_for_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, _) = Node();
        var (other, _) = Node();
        var invitation = Invitation(other, "req-node-2");

        var decision = await node.AdmitAsync(invitation, ct);

        Assert.Equal([AdmissionCodes.MalformedInvitation], decision.Refusals.Select(r => r.Code));
    }

    [Fact]
    public async Task an_invitation_after_its_challenge_expired_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, _) = Node();
        var invitation = Invitation(node, "req-node-3");
        _clock.Advance(CosignerNode.ChallengeLifetime);

        var decision = await node.AdmitAsync(invitation, ct);

        Assert.Equal([AdmissionCodes.MalformedInvitation], decision.Refusals.Select(r => r.Code));
    }

    [Fact]
    public void a_second_challenge_for_one_session_and_a_malformed_label_are_refused()
    {
        var (node, _) = Node();
        var label = Hex.Encode(RandomNumberGenerator.GetBytes(32));
        node.Challenge(label);

        Assert.Throws<InvalidOperationException>(() => node.Challenge(label));
        Assert.Throws<ArgumentException>(() => node.Challenge("0x01"));
    }

    [Fact]
    public async Task a_session_whose_transaction_the_log_no_longer_holds_is_not_signed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, sessions) = Node();
        var first = Invitation(node, "req-node-4", nonce: 11);
        var firstDecision = await node.AdmitAsync(first, ct);
        // Another approved transaction for the same nonce is admitted before the first session starts.
        var second = Invitation(node, "req-node-5", ether: 2m, nonce: 11);
        Assert.True((await node.AdmitAsync(second, ct)).Admitted);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.SignAsync(first, firstDecision, UnusedIdentities, new UnusedTransport(), ct));
        Assert.Contains("signing log", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refused_invitation_is_never_signed()
    {
        var ct = TestContext.Current.CancellationToken;
        var (node, sessions) = Node();
        var invitation = Invitation(node, "req-node-6") with { Signers = [2] };
        var refused = await node.AdmitAsync(invitation, ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.SignAsync(invitation, refused, UnusedIdentities, new UnusedTransport(), ct));
        Assert.Contains("only an admitted invitation", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Identities the session must not reach either.</summary>
    private static readonly PartyIdentities UnusedIdentities = new(PartyIdentityKey.Generate(), new Dictionary<PartyId, byte[]>());

    /// <summary>A transport the session must not reach: both cases stop before any message.</summary>
    private sealed class UnusedTransport : IMpcTransport
    {
        public ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken) => throw new NotSupportedException("no message may be sent");

        public ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken) => throw new NotSupportedException("no message may be received");
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
