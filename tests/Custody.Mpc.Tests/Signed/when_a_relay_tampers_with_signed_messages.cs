using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signed;

/// <summary>
/// The coordinator relays every message and holds no party key: whatever it alters, forges, strips, re-addresses
/// or replays is refused as a transport fault (nobody blamed, no pair burnt) or ignored when it is a stale copy.
/// </summary>
public sealed class when_a_relay_tampers_with_signed_messages(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly PartyId Three = PartyId.Create(3);
    private static readonly PartyId[] Pair = [One, Two];
    private static readonly PartyId[] All = [One, Two, Three];

    [Fact]
    public async Task a_flipped_byte_is_a_transport_fault_that_blames_nobody()
    {
        var (run, shares) = await SignThroughRelay(Pair, (e, _) => e.From == Two && e.Round == 2
            ? [MpcEnvelope.FromBytes(Tamper.FlipLastByte(e.ToBytes()[..^(SignedStatement.SignatureLength + 4)]).Concat(SignatureField(e)).ToArray())]
            : [e]);
        using (shares)
        {
            var error = Assert.IsType<MpcTransportException>(run.Outcomes[One].Error);
            Assert.Contains("valid signature", error.Message, StringComparison.Ordinal);
            Assert.Equal(PairStatus.Active, shares.Shares[One].PairStatusWith(Two));
        }
    }

    [Fact]
    public async Task a_stripped_signature_is_refused()
    {
        var (run, shares) = await SignThroughRelay(Pair, (e, _) => e.From == Two && e.Round == 1 ? [Tamper.Rebuild(e)] : [e]);
        using (shares)
        {
            Assert.IsType<MpcTransportException>(run.Outcomes[One].Error);
        }
    }

    [Fact]
    public async Task a_message_re_addressed_to_another_signer_is_refused()
    {
        MpcEnvelope? towardsOne = null;
        var (run, shares) = await SignThroughRelay(All, (e, recipient) =>
        {
            if (e.From != Two || e.Round != 1 || e.IsBroadcast)
            {
                return [e];
            }

            if (recipient == One)
            {
                towardsOne = e;
                return [e];
            }

            // Party 2's request for party 1 delivered to party 3 instead of its own, its recipient rewritten.
            var swapped = new MpcEnvelope(e.SessionId, e.SessionBinding, e.Protocol, e.Round, e.From, Three, towardsOne!.Payload, towardsOne.Signature);
            return [swapped];
        });
        using (shares)
        {
            Assert.IsType<MpcTransportException>(run.Outcomes[Three].Error);
            Assert.All(All, p => Assert.All(All.Where(q => q != p), q => Assert.Equal(PairStatus.Active, shares.Shares[p].PairStatusWith(q))));
        }
    }

    [Fact]
    public async Task a_message_replayed_from_another_session_is_refused()
    {
        using var identities = new SignedParties(All);
        var captured = new List<MpcEnvelope>();
        using var first = new ShareSet(keys.Fresh());
        await Cluster.SignAsync(first.Shares, Pair, Cluster.MessageHash(), MpcRandom.Seeded(81), n => n.Relay = (e, _) => { captured.Add(e); return [e]; }, identities: identities);
        var stale = captured.First(e => e.From == Two && e.Round == 1);

        using var second = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(second.Shares, Pair, Cluster.MessageHash(), MpcRandom.Seeded(82), n => n.Relay = (e, _) => e.From == Two && e.Round == 1 ? [stale] : [e], identities: identities);
        var error = Assert.IsType<MpcTransportException>(run.Outcomes[One].Error);
        Assert.Contains("another session", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task stale_copies_of_an_earlier_run_under_the_same_label_are_ignored_and_the_run_signs()
    {
        using var identities = new SignedParties(All);
        var label = Cluster.SessionId(MpcRandom.Seeded(83));
        var earlier = new List<MpcEnvelope>();
        using var first = new ShareSet(keys.Fresh());
        await Cluster.SignAsync(first.Shares, Pair, Cluster.MessageHash(), MpcRandom.Seeded(84), n => n.Relay = (e, _) => { earlier.Add(e); return [e]; }, sessionLabel: label, identities: identities);

        // The retry: after every real message the relay delivers the earlier run's message of the same slot.
        using var second = new ShareSet(keys.Fresh());
        var hash = Cluster.MessageHash();
        var run = await Cluster.SignAsync(second.Shares, Pair, hash, MpcRandom.Seeded(85), n => n.Relay = (e, _) =>
            [e, .. earlier.Where(old => old.From == e.From && old.To == e.To && old.Round == e.Round)], sessionLabel: label, identities: identities);
        Assert.True(Verify.WithDotNet(second.Shares[One].PublicKey, hash, run.Signature()));
    }

    [Fact]
    public async Task an_earlier_runs_round_0_message_delivered_instead_of_the_real_one_fails_the_run_and_blames_nobody()
    {
        using var identities = new SignedParties(All);
        var label = Cluster.SessionId(MpcRandom.Seeded(86));
        var earlier = new List<MpcEnvelope>();
        var hash = Cluster.MessageHash();
        using var first = new ShareSet(keys.Fresh());
        await Cluster.SignAsync(first.Shares, All, hash, MpcRandom.Seeded(87), n => n.Relay = (e, _) => { earlier.Add(e); return [e]; }, sessionLabel: label, identities: identities);

        // Party 3's round-0 contribution of the earlier run reaches party 1 only: a view that differs, signed by 3,
        // but bound only to the label, so it proves nothing against 3.
        using var second = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(second.Shares, All, hash, MpcRandom.Seeded(88), n => n.Relay = (e, recipient) =>
            e.From == Three && e.Round == 0 && recipient == One ? [earlier.First(old => old.From == Three && old.Round == 0)] : [e], sessionLabel: label, identities: identities);
        Assert.All(run.Outcomes.Values, o => Assert.Null(o.Output));
        Assert.Contains(run.Outcomes.Values, o => o.Error is MpcAbortException { Reason: var reason } && reason.Contains("bound only to the caller's label", StringComparison.Ordinal));
        foreach (var (party, outcome) in run.Outcomes)
        {
            if (outcome.Error is MpcAbortException abort)
            {
                Assert.False(abort.Culprit.IsValid, $"{party} blamed {abort.Culprit}: {abort.Reason}");
                Assert.Null(abort.Evidence);
            }

            Assert.All(All.Where(q => q != party), q => Assert.Equal(PairStatus.Active, second.Shares[party].PairStatusWith(q)));
        }
    }

    private async Task<(SigningRun Run, ShareSet Shares)> SignThroughRelay(PartyId[] signers, Func<MpcEnvelope, PartyId, IEnumerable<MpcEnvelope>> relay)
    {
        using var identities = new SignedParties(All);
        var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, signers, Cluster.MessageHash(), MpcRandom.Seeded(80), n => n.Relay = relay, identities: identities);
        Assert.DoesNotContain(run.Outcomes.Values, o => o.Error is MpcAbortException);
        Assert.All(run.Outcomes.Values, o => Assert.Null(o.Output));
        return (run, shares);
    }

    // The length-prefixed signature field that ends an envelope's wire form.
    private static byte[] SignatureField(MpcEnvelope envelope) => envelope.ToBytes()[^(SignedStatement.SignatureLength + 4)..];
}
