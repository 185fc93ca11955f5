using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Signing;
using Custody.Mpc.Signing.Messages;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Protocol;

/// <summary>
/// Checks that no other test isolates: each test fails when exactly that check is removed.
/// </summary>
public sealed class when_one_check_is_probed_alone(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly PartyId Three = PartyId.Create(3);
    private static readonly PartyId[] Signers = [One, Two];

    [Fact]
    public async Task a_second_different_message_in_the_same_round_is_equivocation()
    {
        using var shares = new ShareSet(keys.Fresh());
        var (round, peerMessage) = await RoundZeroWithPeer(shares);
        round.Receive(peerMessage);
        var other = Tamper.Rebuild(peerMessage, payload: Tamper.FlipLastByte(peerMessage.Payload.ToArray()));
        var abort = Assert.Throws<MpcAbortException>(() => round.Receive(other));
        Assert.Equal(Two, abort.Culprit);
        Assert.Contains("two different messages in round 0", abort.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_identical_second_copy_in_the_same_round_is_ignored()
    {
        using var shares = new ShareSet(keys.Fresh());
        var (round, peerMessage) = await RoundZeroWithPeer(shares);
        round.Receive(peerMessage);
        round.Receive(MpcEnvelope.FromBytes(peerMessage.ToBytes()));
        Assert.IsType<RoundOutcome<EcdsaSignature>.Next>(round.Finalize());
    }

    [Fact]
    public async Task an_envelope_addressed_to_another_party_is_refused_without_blame()
    {
        using var shares = new ShareSet(keys.Fresh());
        var (round, peerMessage) = await RoundZeroWithPeer(shares);
        var misrouted = Tamper.Rebuild(peerMessage, to: Three);
        Assert.Throws<MpcTransportException>(() => round.Receive(misrouted));
    }

    [Fact]
    public void a_commitment_opens_only_in_its_session_for_its_committer_and_label()
    {
        var context = Context(One);
        var value = "value"u8.ToArray();
        var commitment = Commitment.Commit(context, "label", value, out var salt);
        Assert.True(Commitment.Verify(context.SessionId, One, "label", value, salt, commitment));
        Assert.False(Commitment.Verify(Context(One, session: 2).SessionId, One, "label", value, salt, commitment));
        Assert.False(Commitment.Verify(context.SessionId, Two, "label", value, salt, commitment));
        Assert.False(Commitment.Verify(context.SessionId, One, "other", value, salt, commitment));
    }

    [Fact]
    public void a_zero_seed_commitment_for_one_recipient_does_not_open_for_another()
    {
        var context = Context(Two);
        var seed = new byte[32];
        var commitment = Commitment.Commit(context, DkgLabels.ZeroSeed(Three), seed, out var salt);
        Assert.True(Commitment.Verify(context.SessionId, Two, DkgLabels.ZeroSeed(Three), seed, salt, commitment));
        Assert.False(Commitment.Verify(context.SessionId, Two, DkgLabels.ZeroSeed(One), seed, salt, commitment));
    }

    [Fact]
    public void a_schnorr_proof_verifies_only_in_its_session_for_its_prover()
    {
        var context = Context(One);
        var secret = Scalar.RandomNonZero(MpcRandom.Seeded(3));
        var statement = Point.MulBase(secret);
        var proof = SchnorrProof.Prove(context, DkgLabels.ConstantTerm, secret, statement);
        Assert.True(proof.Verify(context.SessionId, One, DkgLabels.ConstantTerm, statement));
        Assert.False(proof.Verify(Context(One, session: 2).SessionId, One, DkgLabels.ConstantTerm, statement));
        Assert.False(proof.Verify(context.SessionId, Two, DkgLabels.ConstantTerm, statement));
    }

    [Fact]
    public void a_stored_share_whose_public_shares_are_not_on_one_polynomial_is_rejected()
    {
        using var shares = new ShareSet(keys.Fresh());
        var share = shares.Shares[One];
        var bytes = KeyShareCodec.Serialize(share);
        var x3 = share.PublicShare(Three).Encode();
        var at = bytes.AsSpan().IndexOf(x3);
        Assert.True(at > 0);
        (share.PublicShare(Three) + Point.Generator).Encode().CopyTo(bytes.AsSpan(at));
        var error = Assert.ThrowsAny<Exception>(() => KeyShareCodec.Deserialize(bytes));
        Assert.Contains("one polynomial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_additive_share_is_masked_by_a_zero_share_that_changes_with_every_session()
    {
        using var shares = new ShareSet(keys.Fresh());
        var first = await PublicShareSentBy(One, shares, 60);
        var second = await PublicShareSentBy(One, shares, 61);
        var unmasked = shares.Shares[One].PublicShare(One) * Lagrange.CoefficientAtZero(One, Signers);
        Assert.NotEqual(unmasked, first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task instance_keys_that_cancel_abort_with_R_at_infinity()
    {
        var k = Scalar.RandomNonZero(MpcRandom.Seeded(70));
        var run = await SignScripted(one: [k, Scalar.RandomNonZero(MpcRandom.Seeded(71))], two: [-k, Scalar.RandomNonZero(MpcRandom.Seeded(72))]);
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[One].Error);
        Assert.Contains("R is the point at infinity", abort.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task inversion_masks_that_cancel_abort_with_u_zero()
    {
        var phi = Scalar.RandomNonZero(MpcRandom.Seeded(73));
        var run = await SignScripted(one: [Scalar.RandomNonZero(MpcRandom.Seeded(74)), phi], two: [Scalar.RandomNonZero(MpcRandom.Seeded(75)), -phi]);
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[One].Error);
        Assert.Contains("sum of u is zero", abort.Reason, StringComparison.Ordinal);
        Assert.Null(run.Outcomes[One].Output);
    }

    [Fact]
    public void a_pair_discarded_while_a_session_uses_it_is_wiped_only_when_that_session_ends()
    {
        using var shares = new ShareSet(keys.Fresh());
        var share = shares.Shares[One];
        var leased = share.LeasePairs([Two]);
        var setup = leased[Two].Sender!;
        share.DiscardPair(Two);
        Assert.Equal(PairStatus.Discarded, share.PairStatusWith(Two));
        Assert.Contains(setup.Delta.ToArray(), b => b != 0);
        Assert.Throws<InvalidOperationException>(() => share.LeasePairs([Two]));
        using (var stored = KeyShareCodec.Deserialize(KeyShareCodec.Serialize(share)))
        {
            Assert.Equal(PairStatus.Discarded, stored.PairStatusWith(Two));
        }

        share.ReleasePairs(leased.Values);
        Assert.Null(leased[Two].Sender);
        Assert.Throws<ObjectDisposedException>(() => setup.Delta.ToArray());
    }

    [Fact]
    public async Task a_session_cancelled_mid_run_releases_its_pairs_at_once()
    {
        using var shares = new ShareSet(keys.Fresh());
        var (round, peerMessage) = await RoundZeroWithPeer(shares);
        using var cancel = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MpcSessionRunner.RunAsync(round, new CancelAfterRoundOne([peerMessage], cancel), cancel.Token));

        // The cancelled session released its lease: a discard now wipes the OT state immediately.
        var share = shares.Shares[One];
        share.DiscardPair(Two);
        Assert.Null(share.Pairs.Single(p => p.Counterpart == Two).Sender);
    }

    [Fact]
    public void a_received_direct_envelope_is_wiped_once_the_round_holds_it()
    {
        var payload = new byte[] { 1, 2, 3 };
        var envelope = new MpcEnvelope(new byte[32], MpcProtocol.Sign, 1, Two, One, payload);
        var context = new SessionContext(new byte[16], MpcProtocol.Sign, One, Signers, MpcRandom.Seeded(5));
        var round = new SignRoundZeroProbe(context);
        Assert.Throws<MpcTransportException>(() => round.Receive(envelope));
        Assert.All(envelope.Payload.ToArray(), b => Assert.Equal(0, b));
    }

    private static SessionContext Context(PartyId self, ulong session = 1)
    {
        var id = new byte[32];
        MpcRandom.Seeded(session).Fill(id);
        return new SessionContext(id, MpcProtocol.Dkg, self, [One, Two, Three], MpcRandom.Seeded(session + 100));
    }

    // Party 1's round 0 (prepared) and party 2's round-0 broadcast of the same request.
    private static async Task<(MpcRound<EcdsaSignature> Round, MpcEnvelope PeerMessage)> RoundZeroWithPeer(ShareSet shares)
    {
        var label = Cluster.SessionId(MpcRandom.Seeded(80));
        var hash = new byte[32];
        var peer = ThresholdSigning.Start(shares.Shares[Two], label, Signers, hash, MpcRandom.Seeded(81), new InMemorySessionLedger());
        await peer.PrepareAsync(CancellationToken.None);
        var round = ThresholdSigning.Start(shares.Shares[One], label, Signers, hash, MpcRandom.Seeded(82), new InMemorySessionLedger());
        await round.PrepareAsync(CancellationToken.None);
        return (round, peer.Outgoing.Single());
    }

    private static async Task<Point> PublicShareSentBy(PartyId party, ShareSet shares, ulong seed)
    {
        Point? sent = null;
        var run = await Cluster.SignAsync(shares.Shares, Signers, new byte[32], MpcRandom.Seeded(seed), Tamper.By(party, e =>
        {
            if (e.Round == 2 && !e.IsBroadcast)
            {
                sent = SignRound2Direct.Parse(e.Payload).PublicShare;
            }

            return e;
        }));
        run.Signature();
        return sent!;
    }

    // The first three fills of a signer are its session contribution, r_i and phi_i (SignRound0, SignState).
    private async Task<SigningRun> SignScripted(Scalar[] one, Scalar[] two)
    {
        using var shares = new ShareSet(keys.Fresh());
        MpcRandom Scripted(Scalar[] values, ulong seed) => new ScriptedRandom([new byte[32], .. values.Select(v => v.ToBytes())], MpcRandom.Seeded(seed));
        return await Cluster.SignAsync(shares.Shares, Signers, new byte[32], MpcRandom.Seeded(90), randoms: new Dictionary<PartyId, MpcRandom> { [One] = Scripted(one, 91), [Two] = Scripted(two, 92) });
    }

    // A round that expects nothing: enough to exercise what Receive does to an envelope it refuses.
    private sealed class SignRoundZeroProbe(SessionContext context) : MpcRound<EcdsaSignature>(context)
    {
        public override byte Number => 1;

        protected override bool ExpectsBroadcast => false;

        protected override bool ExpectsDirect => true;

        protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => [];

        protected override RoundOutcome<EcdsaSignature> Complete() => throw new InvalidOperationException();
    }

    // Delivers the given envelopes, then cancels the run once this party has sent its round-1 messages.
    private sealed class CancelAfterRoundOne(IEnumerable<MpcEnvelope> inbound, CancellationTokenSource cancel) : IMpcTransport
    {
        private readonly Queue<MpcEnvelope> _inbound = new(inbound);

        public ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken)
        {
            if (envelope.Round == 1)
            {
                cancel.Cancel();
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken)
        {
            if (_inbound.TryDequeue(out var envelope))
            {
                return envelope;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
