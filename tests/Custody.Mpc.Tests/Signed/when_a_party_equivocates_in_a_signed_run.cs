using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signed;

/// <summary>
/// Runs with party identities (docs/mpc.md "Signed messages and provable blame"): an equivocating party is named
/// by every honest party with evidence a third party can check against the pinned keys, and a party that forges an
/// echo is named with the message it signed.
/// </summary>
public sealed class when_a_party_equivocates_in_a_signed_run(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly PartyId Three = PartyId.Create(3);
    private static readonly PartyId[] All = [One, Two, Three];

    [Fact]
    public async Task a_signed_dkg_and_a_signed_three_party_signing_succeed_and_every_message_is_signed()
    {
        using var identities = new SignedParties(All);
        var unsigned = 0;
        void Count(InProcessNetwork network) => network.Relay = (e, _) =>
        {
            if (!e.IsSigned)
            {
                Interlocked.Increment(ref unsigned);
            }

            return [e];
        };

        using var shares = new ShareSet(await Cluster.GenerateAsync(2, 3, MpcRandom.Seeded(71), Count, identities));
        var hash = Cluster.MessageHash();
        var run = await Cluster.SignAsync(shares.Shares, All, hash, MpcRandom.Seeded(72), Count, identities: identities);
        Assert.True(Verify.WithDotNet(shares.Shares[One].PublicKey, hash, run.Signature()));
        Assert.Equal(0, unsigned);
    }

    [Fact]
    public async Task a_dealer_that_shows_one_party_another_polynomial_is_named_with_proof_by_every_honest_party()
    {
        using var identities = new SignedParties(All);
        var outcomes = await DkgWithSecondPersona(identities);
        foreach (var honest in new[] { One, Two })
        {
            var abort = Assert.IsType<MpcAbortException>(outcomes[honest].Error);
            Assert.Equal(Three, abort.Culprit);
            Assert.Contains("equivocation, proven", abort.Reason, StringComparison.Ordinal);
            var evidence = Assert.IsType<EquivocationEvidence>(abort.Evidence);
            Assert.True(evidence.Verify(identities.Pinned[Three]));
            Assert.False(evidence.Verify(identities.Pinned[honest]));
            Assert.Null(outcomes[honest].Output);
        }
    }

    [Fact]
    public async Task a_commitment_shown_differently_to_one_signer_is_proven_against_its_sender_by_both_others()
    {
        using var identities = new SignedParties(All);
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, All, Cluster.MessageHash(), MpcRandom.Seeded(73), network =>
        {
            network.TamperingParty = Three;
            network.TamperTo = (e, recipient) => e.Round == 1 && e.IsBroadcast && recipient == One
                ? Tamper.Rebuild(e, payload: Tamper.FlipFirstByte(e.Payload.ToArray()))
                : e;
        }, identities: identities);
        foreach (var honest in new[] { One, Two })
        {
            var abort = Assert.IsType<MpcAbortException>(run.Outcomes[honest].Error);
            Assert.Equal(Three, abort.Culprit);
            Assert.True(Assert.IsType<EquivocationEvidence>(abort.Evidence).Verify(identities.Pinned[Three]));

            // Echoes are compared before any pairwise check: no honest pair was burnt.
            Assert.Equal(PairStatus.Active, shares.Shares[honest].PairStatusWith(honest == One ? Two : One));
        }
    }

    [Fact]
    public async Task two_different_signed_messages_for_one_slot_are_proven_equivocation()
    {
        using var identities = new SignedParties(All);
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, [One, Two], Cluster.MessageHash(), MpcRandom.Seeded(74), network =>
            network.Relay = (e, recipient) => e.From == Two && e.Round == 1 && e.IsBroadcast
                ? [e, Tamper.Rebuild(e, payload: Tamper.FlipLastByte(e.Payload.ToArray())).Sign(identities.Keys[Two])]
                : [e], identities: identities);
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[One].Error);
        Assert.Equal(Two, abort.Culprit);
        Assert.True(Assert.IsType<EquivocationEvidence>(abort.Evidence).Verify(identities.Pinned[Two]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_message_bound_to_another_session_id_is_refused_and_blamed_only_without_identities(bool signed)
    {
        using var identities = signed ? new SignedParties(All) : null;
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, [One, Two], Cluster.MessageHash(), MpcRandom.Seeded(76), Tamper.By(Two, e => e.Round == 2
            ? Tamper.Rebuild(e, binding: Enumerable.Repeat((byte)9, 32).ToArray())
            : e), identities: identities);
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[One].Error);
        Assert.Contains("bound to another session id", abort.Reason, StringComparison.Ordinal);
        Assert.Equal([Two], abort.Suspects);
        Assert.Equal(signed ? default : Two, abort.Culprit);
    }

    [Fact]
    public async Task a_party_that_forges_its_echo_of_another_dealer_is_named_with_proof_by_the_dealer_and_by_the_third_party()
    {
        using var identities = new SignedParties(All);
        var outcomes = await Dkg(identities, network =>
        {
            network.TamperingParty = Two;
            network.Tamper = Tamper.Payload(3, broadcast: true, p => FlipEchoDigest(p, Three));
        });
        foreach (var honest in new[] { One, Three })
        {
            var abort = Assert.IsType<MpcAbortException>(outcomes[honest].Error);
            Assert.Equal(Two, abort.Culprit);
            Assert.Contains("forged echo, proven", abort.Reason, StringComparison.Ordinal);
            var evidence = Assert.IsType<ForgedEchoEvidence>(abort.Evidence);
            Assert.True(evidence.Verify(All, p => identities.Pinned[p]));

            // The evidence does not stretch: another entry, another party set or another key does not verify.
            Assert.False(new ForgedEchoEvidence(evidence.Carrier, evidence.CarrierPayload, evidence.EntryIndex + 1, evidence.Claim).Verify(All, p => identities.Pinned[p]));
            Assert.False(evidence.Verify([One, Two, Three, PartyId.Create(4)], p => identities.Pinned.GetValueOrDefault(p, identities.Pinned[One])));
            Assert.False(evidence.Verify(All, p => p == Two ? identities.Pinned[One] : identities.Pinned[p]));

            // An entry that is not forged (party 1's own, first in the echo) is no evidence of anything.
            var echo = DkgRound3Broadcast.Parse(evidence.CarrierPayload).Echo;
            var genuine = new SignedStatement(evidence.Carrier.RoutingId, evidence.Carrier.Binding, MpcProtocol.Dkg, 1, One, null, echo.AsSpan(0, 32), echo.AsSpan(32, 64));
            Assert.False(new ForgedEchoEvidence(evidence.Carrier, evidence.CarrierPayload, 0, genuine).Verify(All, p => identities.Pinned[p]));
        }
    }

    [Fact]
    public async Task without_identities_the_third_party_can_only_name_suspects()
    {
        var outcomes = await Dkg(null, network =>
        {
            network.TamperingParty = Two;
            network.Tamper = Tamper.Payload(3, broadcast: true, p => FlipEchoDigest(p, Three));
        });
        var atOne = Assert.IsType<MpcAbortException>(outcomes[One].Error);
        Assert.False(atOne.Culprit.IsValid);
        Assert.Null(atOne.Evidence);
        Assert.Equal([Three, Two], atOne.Suspects);
    }

    [Fact]
    public async Task parties_asked_for_different_ceremonies_abort_in_the_agreement_and_blame_nobody()
    {
        var random = MpcRandom.Seeded(75);
        var label = Cluster.SessionId(random);
        var randoms = Cluster.PerParty(All, random);
        var network = new InProcessNetwork(All);
        var outcomes = await network.RunAsync(All, (p, transport, ct) =>
            DistributedKeyGeneration.RunAsync(label, p, All, p == One ? 3 : 2, randoms[p], transport, ct));
        foreach (var party in All)
        {
            var abort = Assert.IsType<MpcAbortException>(outcomes[party].Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Empty(abort.Suspects);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        }
    }

    // Dealer 3 runs a second persona towards party 1: from round 1 on, party 1 sees another polynomial, chain code and
    // zero-sharing seed (all consistent, all signed by 3), while 3's base OT with party 1 stays real so that every
    // local check passes. Only the echoes can tell.
    private static Task<IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>>> DkgWithSecondPersona(SignedParties identities)
    {
        Dictionary<(byte Round, bool Broadcast), byte[]>? persona = null;
        return Dkg(identities, network =>
        {
            network.TamperingParty = Three;
            network.TamperTo = (e, recipient) =>
            {
                if (recipient != One || e.Round is not (1 or 2))
                {
                    return e;
                }

                persona ??= SecondPersona(e.SessionId.ToArray(), e.SessionBinding.ToArray());
                var payload = persona[(e.Round, e.IsBroadcast)];
                if (e.Round == 1 && !e.IsBroadcast)
                {
                    payload = new DkgRound1Direct(DkgRound1Direct.Parse(payload).SeedCommitment, DkgRound1Direct.Parse(e.Payload).BaseOt).ToBytes();
                }

                return Tamper.Rebuild(e, payload: payload);
            };
        });
    }

    // The payloads dealer 3's second persona sends party 1 in rounds 1 and 2 of the agreed session.
    private static Dictionary<(byte Round, bool Broadcast), byte[]> SecondPersona(byte[] label, byte[] agreedSessionId)
    {
        var context = new SessionContext(label, MpcProtocol.Dkg, Three, All, MpcRandom.Seeded(991)).WithSessionId(agreedSessionId);
        var state = new DkgState(context, 2);
        var round1 = new DkgRound1<KeyShare>(state).Outgoing;
        var round2 = new DkgRound2<KeyShare>(state, [], [], new Dictionary<PartyId, SignedStatement>()).Outgoing;
        return new()
        {
            [(1, true)] = round1.Single(e => e.IsBroadcast).Payload.ToArray(),
            [(1, false)] = round1.Single(e => e.To == One).Payload.ToArray(),
            [(2, true)] = round2.Single(e => e.IsBroadcast).Payload.ToArray(),
            [(2, false)] = round2.Single(e => e.To == One).Payload.ToArray(),
        };
    }

    private static async Task<IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>>> Dkg(SignedParties? identities, Action<InProcessNetwork> configure)
    {
        var random = MpcRandom.Seeded(0x5d);
        var label = Cluster.SessionId(random);
        var randoms = Cluster.PerParty(All, random);
        var network = new InProcessNetwork(All) { SigningKeys = identities?.Keys };
        configure(network);
        var outcomes = await network.RunAsync(All, (p, transport, ct) =>
            DistributedKeyGeneration.RunAsync(label, p, All, 2, randoms[p], transport, ct, identities?.Of(p)));
        foreach (var outcome in outcomes.Values)
        {
            outcome.Output?.Dispose();
        }

        return outcomes;
    }

    // The first digest byte of `dealer`'s entry in the round-1 block of a DKG round-3 echo.
    private static byte[] FlipEchoDigest(byte[] payload, PartyId dealer)
    {
        var copy = payload.ToArray();
        copy[4 + ((dealer.Value - 1) * BroadcastEcho.EntryLength)] ^= 0x01;
        return copy;
    }
}
