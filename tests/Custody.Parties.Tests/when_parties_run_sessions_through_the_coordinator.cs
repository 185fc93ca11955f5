using System.Security.Cryptography;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Parties.Protos;
using Google.Protobuf;
using static Custody.Parties.Tests.CoordinatorHost;

namespace Custody.Parties.Tests;

/// <summary>
/// Signed MPC sessions between the signer (hosting the coordinator) and two co-signers dialling in over real gRPC
/// and TLS; and a coordinator that, as the relay, tampers with what it forwards.
/// </summary>
public sealed class when_parties_run_sessions_through_the_coordinator
{
    [Fact]
    public async Task a_dkg_and_signatures_with_and_without_the_signer_complete_across_the_channel()
    {
        await using var host = await StartAsync();
        var a = Sessions.Of(await host.ConnectAsync(CosignerA));
        var b = Sessions.Of(await host.ConnectAsync(CosignerB));
        var signer = Sessions.Of(host.Hub);

        var dkg = await Sessions.DkgAsync([signer, a, b], 2);
        Assert.All(dkg.Values, o => Assert.Null(o.Error));
        var shares = dkg.ToDictionary(o => o.Key, o => o.Value.Share!);
        try
        {
            Assert.All(shares.Values, s => Assert.Equal(shares[Signer].PublicKey, s.PublicKey));
            foreach (var pair in new[] { new[] { signer, a }, [a, b] })
            {
                var hash = RandomNumberGenerator.GetBytes(32);
                var run = await Sessions.SignAsync(pair, shares, hash);
                Assert.All(run.Values, o => Assert.Null(o.Error));
                var first = run.Values.First().Share!;
                Assert.All(run.Values, o => Assert.Equal(first.ToCompact(), o.Share!.ToCompact()));
                Assert.True(VerifyWithDotNet(shares[Signer].PublicKey.EncodeUncompressed(), hash, first.ToCompact()));
            }
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }

    [Fact]
    public async Task a_relay_that_flips_a_byte_is_named_and_no_party_is_blamed()
    {
        var outcomes = await SignThroughRelay(frame => frame.From == CosignerA.Value && frame.Round == 2
            ? [WithBox(frame, Flip(frame.Box.ToByteArray()))]
            : [frame]);
        AssertRelayNamed(outcomes[Signer].Error, "did not open");
        Assert.DoesNotContain(outcomes.Values, o => o.Error is MpcAbortException);
    }

    [Fact]
    public async Task a_relay_that_replays_a_frame_of_another_session_is_named()
    {
        Sealed? earlier = null;
        var outcomes = await SignThroughRelay(
            frame =>
            {
                if (frame.From == CosignerA.Value && frame.Round == 1 && !frame.Broadcast)
                {
                    if (earlier is null)
                    {
                        earlier = frame;
                        return [frame];
                    }

                    var replayed = earlier.Clone();
                    replayed.Session = frame.Session;
                    return [replayed];
                }

                return [frame];
            },
            runs: 2);
        AssertRelayNamed(outcomes[Signer].Error, "did not open");
    }

    [Fact]
    public async Task a_relay_that_moves_a_frame_to_another_round_is_named()
    {
        var outcomes = await SignThroughRelay(frame =>
        {
            if (frame.From == CosignerA.Value && frame.Round == 2)
            {
                var moved = frame.Clone();
                moved.Round = 3;
                return [moved];
            }

            return [frame];
        });
        AssertRelayNamed(outcomes[Signer].Error, "did not open");
    }

    [Fact]
    public async Task a_relay_that_re_addresses_a_frame_to_another_party_is_named()
    {
        await using var host = await StartAsync();
        var a = Sessions.Of(await host.ConnectAsync(CosignerA));
        var b = Sessions.Of(await host.ConnectAsync(CosignerB));
        var signer = Sessions.Of(host.Hub);
        var dkg = await Sessions.DkgAsync([signer, a, b], 2);
        var shares = dkg.ToDictionary(o => o.Key, o => o.Value.Share!);

        // Co-signer B's round-1 request for co-signer A goes to the signer instead, re-addressed.
        host.Hub.Relay = frame =>
        {
            if (frame.From == CosignerB.Value && frame.To == CosignerA.Value && frame.Round == 1 && !frame.Broadcast)
            {
                var swapped = frame.Clone();
                swapped.To = Signer.Value;
                return [swapped];
            }

            return [frame];
        };
        var outcomes = await Sessions.SignAsync([signer, a, b], shares, RandomNumberGenerator.GetBytes(32));
        AssertRelayNamed(outcomes[Signer].Error, "did not open");
        Assert.DoesNotContain(outcomes.Values, o => o.Error is MpcAbortException);
        Assert.All(shares.Values, s => Assert.All(s.Parties.Where(p => p != s.Self), p => Assert.Equal(PairStatus.Active, s.PairStatusWith(p))));
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    // A 2-of-3 key among the three, then `runs` signings by the signer and co-signer A with the relay in place.
    private static async Task<Dictionary<PartyId, (Custody.Mpc.Signing.EcdsaSignature? Share, Exception? Error)>> SignThroughRelay(Func<Sealed, IEnumerable<Sealed>> relay, int runs = 1)
    {
        await using var host = await StartAsync();
        var a = Sessions.Of(await host.ConnectAsync(CosignerA));
        var b = Sessions.Of(await host.ConnectAsync(CosignerB));
        var signer = Sessions.Of(host.Hub);
        var dkg = await Sessions.DkgAsync([signer, a, b], 2);
        var shares = dkg.ToDictionary(o => o.Key, o => o.Value.Share!);
        try
        {
            host.Hub.Relay = relay;
            Dictionary<PartyId, (Custody.Mpc.Signing.EcdsaSignature? Share, Exception? Error)> outcomes = [];
            for (var run = 0; run < runs; run++)
            {
                outcomes = await Sessions.SignAsync([signer, a], shares, RandomNumberGenerator.GetBytes(32));
            }

            Assert.All(outcomes.Values, o => Assert.Null(o.Share));
            Assert.Equal(PairStatus.Active, shares[Signer].PairStatusWith(CosignerA));
            return outcomes;
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }

    private static void AssertRelayNamed(Exception? error, string what)
    {
        var transport = Assert.IsType<MpcTransportException>(error);
        Assert.Contains("relay", transport.Message, StringComparison.Ordinal);
        Assert.Contains(what, transport.Message, StringComparison.Ordinal);
    }

    private static Sealed WithBox(Sealed frame, byte[] box)
    {
        var copy = frame.Clone();
        copy.Box = ByteString.CopyFrom(box);
        return copy;
    }

    private static byte[] Flip(byte[] bytes)
    {
        bytes[^1] ^= 0x01;
        return bytes;
    }

    private static bool VerifyWithDotNet(byte[] uncompressedPublicKey, byte[] hash, byte[] compactSignature)
    {
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromFriendlyName("secP256k1"),
            Q = new ECPoint { X = uncompressedPublicKey[1..33], Y = uncompressedPublicKey[33..65] },
        });
        return ecdsa.VerifyHash(hash, compactSignature);
    }
}
