using System.Security.Cryptography;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Signing.Admission;
using Custody.Signing.Coordination;
using Custody.Signing.Sessions;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>
/// docs/signing.md "Coordination" and "Key ceremony": the signer and two co-signers, each with its own keys and
/// stores, over the real party channel (gRPC over TLS on loopback). The signer needs one co-signer for the 2-of-3
/// wallet; one that refuses, goes away or cheats is left out, named, and the other one signs.
/// </summary>
public sealed class when_the_signer_coordinates_cosigners(FirestoreEmulator emulator, AdmissionFixture approvals)
    : IClassFixture<AdmissionFixture>, IDisposable
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_ceremony_gives_every_party_its_own_record_and_an_approved_request_is_signed_by_the_wallets_key()
    {
        await using var network = await StartAsync();
        await network.ConnectAsync("cosigner-a");
        await network.ConnectAsync("cosigner-b");

        var wallet = await network.KeygenAsync(Ct);
        foreach (var shares in network.Shares.Values)
        {
            var record = await shares.FindWalletAsync(AdmissionFixture.WalletId, Ct);
            Assert.Equal((wallet.Address, wallet.PublicKey, 2), (record!.Address, record.PublicKey, record.Threshold));
        }

        var (approved, transaction) = Approved(wallet, "req-coord-1", nonce: 0);
        var result = await network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct);

        Assert.Equal(Address.Parse(wallet.Address), result.Transaction.RecoverSender());
        Assert.Equal(["signer", "cosigner-a"], result.Signers);
        Assert.Empty(result.Attempts);
        Assert.Equal(result.SigningHash, result.Transaction.Transaction.SigningHash());
    }

    [Fact]
    public async Task a_cosigner_that_does_not_hold_the_policy_refuses_with_its_code_and_the_other_signs()
    {
        var other = PolicyParser.Parse(AdmissionFixture.PolicyText.Replace("admission-tests", "another-policy", StringComparison.Ordinal));
        await using var network = await StartAsync(name => name == "cosigner-a" ? new PolicyBook([other]) : new PolicyBook([approvals.Policy]));
        await network.ConnectAsync("cosigner-a");
        await network.ConnectAsync("cosigner-b");
        var wallet = await network.KeygenAsync(Ct);

        var (approved, transaction) = Approved(wallet, "req-coord-2", nonce: 1);
        var result = await network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct);

        Assert.Equal(["signer", "cosigner-b"], result.Signers);
        var refused = Assert.Single(result.Attempts);
        Assert.Equal(("cosigner-a", CosignerOutcome.Refused), (refused.Party, refused.Outcome));
        Assert.Contains(AdmissionCodes.UnknownPolicy, refused.Detail, StringComparison.Ordinal);
        Assert.Equal(Address.Parse(wallet.Address), result.Transaction.RecoverSender());
    }

    [Fact]
    public async Task a_cosigner_that_goes_away_after_admitting_is_left_out_and_the_other_completes()
    {
        await using var network = await StartAsync();
        await network.ConnectAsync("cosigner-a", async (self, link, request, ct) =>
        {
            if (request.Kind != CoordinationKinds.Sign)
            {
                await TestCosigner.HonestAsync(self, link, request, ct);
                return;
            }

            // Says it joins, then its process dies.
            await link.ReplyAsync(request.Id, PartyReply.Answer(JsonSerializer.SerializeToUtf8Bytes(new AdmissionAnswer(true, []), SigningJsonContext.Default.AdmissionAnswer), final: false), ct);
            await link.DisposeAsync();
        });
        await network.ConnectAsync("cosigner-b");
        var wallet = await network.KeygenAsync(Ct);

        var (approved, transaction) = Approved(wallet, "req-coord-3", nonce: 2);
        var result = await network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct);

        Assert.Equal(["signer", "cosigner-b"], result.Signers);
        Assert.Equal([("cosigner-a", CosignerOutcome.Unreachable)], result.Attempts.Select(a => (a.Party, a.Outcome)));
    }

    [Fact]
    public async Task a_cosigner_that_alters_its_round_message_is_blamed_and_the_session_completes_with_the_other()
    {
        await using var network = await StartAsync();
        await network.ConnectAsync("cosigner-a", Malicious);
        await network.ConnectAsync("cosigner-b");
        var wallet = await network.KeygenAsync(Ct);

        var (approved, transaction) = Approved(wallet, "req-coord-4", nonce: 3);
        var result = await network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct);

        Assert.Equal(["signer", "cosigner-b"], result.Signers);
        var blamed = Assert.Single(result.Attempts);
        Assert.Equal(("cosigner-a", CosignerOutcome.Blamed), (blamed.Party, blamed.Outcome));
        Assert.Equal(Address.Parse(wallet.Address), result.Transaction.RecoverSender());
    }

    [Fact]
    public async Task with_only_refusing_or_absent_cosigners_signing_fails_naming_each_of_them()
    {
        var other = PolicyParser.Parse(AdmissionFixture.PolicyText.Replace("admission-tests", "another-policy", StringComparison.Ordinal));
        await using var network = await StartAsync(name => name == "signer" ? new PolicyBook([approvals.Policy]) : new PolicyBook([other]));
        await network.ConnectAsync("cosigner-a");
        var b = await network.ConnectAsync("cosigner-b");
        var wallet = await network.KeygenAsync(Ct);
        await b.DisposeAsync();
        await Eventually.UntilAsync(() => !network.Coordinator.Hub.Connected.Contains(PartyId.Create(3)), TimeSpan.FromSeconds(30), "the hub sees cosigner-b gone", Ct);

        var (approved, transaction) = Approved(wallet, "req-coord-5", nonce: 4);
        var error = await Assert.ThrowsAsync<SigningUnavailableException>(() => network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct));

        Assert.Equal([("cosigner-a", CosignerOutcome.Refused), ("cosigner-b", CosignerOutcome.Unreachable)], error.Attempts.Select(a => (a.Party, a.Outcome)));
    }

    [Fact]
    public async Task the_signer_refuses_a_forged_approval_and_a_second_transaction_for_a_signed_nonce_without_asking_anyone()
    {
        await using var network = await StartAsync();
        await network.ConnectAsync("cosigner-a");
        await network.ConnectAsync("cosigner-b");
        var wallet = await network.KeygenAsync(Ct);
        var (approved, transaction) = Approved(wallet, "req-coord-6", nonce: 5);
        await network.Coordination.SignAsync(AdmissionFixture.WalletId, approved, transaction, Ct);

        var (forged, forgedTransaction) = Approved(wallet, "req-coord-7", nonce: 6, approvers: ["alice", "mallory"]);
        var (second, secondTransaction) = Approved(wallet, "req-coord-8", nonce: 5, ether: 1.2m);
        var forgery = await Assert.ThrowsAsync<SigningRefusedException>(() => network.Coordination.SignAsync(AdmissionFixture.WalletId, forged, forgedTransaction, Ct));
        var reuse = await Assert.ThrowsAsync<SigningRefusedException>(() => network.Coordination.SignAsync(AdmissionFixture.WalletId, second, secondTransaction, Ct));

        Assert.NotEmpty(forgery.Refusals);
        Assert.Contains(reuse.Refusals, r => r.Code == SigningRefusalCodes.NonceTaken);
    }

    [Fact]
    public async Task a_ceremony_needs_every_party_connected_and_willing_and_names_the_one_that_is_not()
    {
        await using var network = await StartAsync();
        await network.ConnectAsync("cosigner-a");
        var absent = await Assert.ThrowsAsync<CeremonyFailedException>(() => network.KeygenAsync(Ct));
        Assert.Contains("not connected: cosigner-b", absent.Message, StringComparison.Ordinal);

        await network.ConnectAsync("cosigner-b");
        await network.KeygenAsync(Ct);
        // The signer lost its copy (a restore from an old disk): the co-signers, which hold theirs, refuse a second ceremony.
        Directory.Delete(network.SignerShareFolder, recursive: true);
        var again = await Assert.ThrowsAsync<CeremonyFailedException>(() => network.KeygenAsync(Ct));
        Assert.Contains("cosigner-a refuses", again.Message, StringComparison.Ordinal);
        Assert.Contains("cosigner-b refuses", again.Message, StringComparison.Ordinal);
    }

    private Task<SigningNetwork> StartAsync(Func<string, PolicyBook>? policies = null) => SigningNetwork.StartAsync(_firestore.Database, approvals, policies);

    private (string Approved, UnsignedTransaction Transaction) Approved(KeygenResult wallet, string requestId, ulong nonce, string[]? approvers = null, decimal ether = 1.5m)
    {
        var request = approvals.Request(requestId, ether, wallet: Address.Parse(wallet.Address));
        var approved = approvals.Approved(request, "treasury", approvers ?? ["alice", "bob"]);
        return (JsonSerializer.Serialize(approved, ContractsJsonContext.Default.TransactionApproved), UnsignedTransaction.Of(AdmissionFixture.Transaction(request, nonce)));
    }

    /// <summary>A co-signer that admits honestly and then changes its round-3 broadcast (re-signed with its own key, as a cheat would).</summary>
    private static async Task Malicious(TestCosigner self, PartyLink link, PartyRequest request, CancellationToken ct)
    {
        if (request.Kind != CoordinationKinds.Sign)
        {
            await TestCosigner.HonestAsync(self, link, request, ct);
            return;
        }

        var invitation = JsonSerializer.Deserialize(request.Body.Span, SigningJsonContext.Default.SigningInvitation)!;
        var decision = await self.Node.AdmitAsync(invitation, ct);
        var signers = invitation.Signers.Select(PartyId.Create).ToArray();
        using var transport = link.OpenSession(Hex.Decode(invitation.SessionLabel), signers);
        await link.ReplyAsync(request.Id, PartyReply.Answer(JsonSerializer.SerializeToUtf8Bytes(decision.ToAnswer(), SigningJsonContext.Default.AdmissionAnswer), final: false), ct);
        try
        {
            await self.Node.SignAsync(invitation, decision, link.Directory.IdentitiesFor(signers), new AlteringTransport(transport, self.Keys.Signing), ct);
        }
        catch (Exception e) when (e is MpcAbortException or MpcTransportException or OperationCanceledException)
        {
            // The cheat's own side fails too; only the signer's blame matters here.
        }
    }

    private sealed class AlteringTransport(IMpcTransport inner, Custody.Mpc.Protocol.PartyIdentityKey key) : IMpcTransport
    {
        public ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken)
        {
            if (envelope.Round != 3)
            {
                return inner.SendAsync(envelope, cancellationToken);
            }

            var payload = envelope.Payload.ToArray();
            payload[^1] ^= 0x01;
            var altered = new MpcEnvelope(envelope.SessionId, envelope.SessionBinding, envelope.Protocol, envelope.Round, envelope.From, envelope.To, payload, []).Sign(key);
            return inner.SendAsync(altered, cancellationToken);
        }

        public ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);
    }
}
