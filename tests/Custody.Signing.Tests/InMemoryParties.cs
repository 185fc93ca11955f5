using System.Security.Cryptography;
using System.Threading.Channels;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Mpc.Refresh;
using Custody.Mpc.Reshare;
using Custody.Mpc.Signing;

namespace Custody.Signing.Tests;

/// <summary>Runs a DKG, a refresh, a resharing, presigning, online or full signing between in-process parties over an in-memory transport (every envelope serialised).</summary>
internal static class InMemoryParties
{
    /// <summary>A refresh of <paramref name="shares"/> by every party of the key.</summary>
    public static Task<IReadOnlyDictionary<PartyId, KeyShare>> RefreshAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, CancellationToken ct)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        return RunAsync(shares.Keys.Order().ToArray(), (id, transport) => KeyRefresh.RunAsync(shares[id], label, MpcRandom.Secure, transport, ct), ct);
    }

    /// <summary>A resharing by <paramref name="plan"/>'s participants: every new party's new share (leaving dealers get none).</summary>
    public static async Task<IReadOnlyDictionary<PartyId, KeyShare>> ReshareAsync(ResharePlan plan, IReadOnlyDictionary<PartyId, KeyShare> oldShares, CancellationToken ct)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        var outcomes = await RunAsync(plan.Participants.ToArray(), (id, transport) =>
            KeyResharing.RunAsync(plan, id, oldShares.GetValueOrDefault(id), label, MpcRandom.Secure, transport, ct), ct);
        return outcomes.Where(o => !o.Value.Leaves).ToDictionary(o => o.Key, o => o.Value.Share!);
    }

    /// <summary>A signing of <paramref name="messageHash"/> by <paramref name="shares"/>' parties, each with a fresh ledger.</summary>
    public static async Task<EcdsaSignature> SignAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, byte[] messageHash, CancellationToken ct)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        var signers = shares.Keys.Order().ToArray();
        var signatures = await RunAsync(signers, (id, transport) =>
            ThresholdSigning.RunAsync(shares[id], label, signers, messageHash, MpcRandom.Secure, new InMemorySessionLedger(), transport, ct), ct);
        return signatures[signers[0]];
    }

    private static async Task<IReadOnlyDictionary<PartyId, T>> RunAsync<T>(PartyId[] ids, Func<PartyId, IMpcTransport, Task<T>> run, CancellationToken ct)
    {
        var network = new Network(ids);
        var outputs = await Task.WhenAll(ids.Select(id => Task.Run(() => run(id, network.TransportOf(id)), ct)));
        return ids.Zip(outputs).ToDictionary(x => x.First, x => x.Second);
    }

    public static async Task<IReadOnlyDictionary<PartyId, KeyShare>> DkgAsync(int threshold, int parties, CancellationToken ct)
    {
        var ids = Enumerable.Range(1, parties).Select(PartyId.Create).ToArray();
        var session = RandomNumberGenerator.GetBytes(32);
        var network = new Network(ids);
        var shares = await Task.WhenAll(ids.Select(id => Task.Run(
            () => DistributedKeyGeneration.RunAsync(session, id, ids, threshold, MpcRandom.Secure, network.TransportOf(id), ct), ct)));
        return ids.Zip(shares).ToDictionary(x => x.First, x => x.Second);
    }

    /// <summary>A presigning run among <paramref name="signers"/>: every signer's share of one presignature.</summary>
    public static async Task<IReadOnlyDictionary<PartyId, PresignatureShare>> PresignAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, IReadOnlyList<PartyId> signers, string wallet, CancellationToken ct)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        var network = new Network(signers);
        var presignatures = await Task.WhenAll(signers.Select(id => Task.Run(
            () => Presignatures.RunAsync(shares[id], wallet, label, signers, MpcRandom.Secure, new InMemorySessionLedger(), network.TransportOf(id), ct), ct)));
        return signers.Zip(presignatures).ToDictionary(x => x.First, x => x.Second);
    }

    /// <summary>The online round among <paramref name="signers"/>, each party consuming from its own store.</summary>
    public static async Task<Mpc.Signing.EcdsaSignature[]> SignFromPresignatureAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, IReadOnlyDictionary<PartyId, IPresignatureStore> stores, IReadOnlyList<PartyId> signers, string wallet, byte[] presignatureId, byte[] messageHash, CancellationToken ct)
    {
        var label = RandomNumberGenerator.GetBytes(32);
        var network = new Network(signers);
        return await Task.WhenAll(signers.Select(id => Task.Run(
            () => OnlineSigning.RunAsync(shares[id], stores[id], wallet, presignatureId, label, signers, messageHash, MpcRandom.Secure, network.TransportOf(id), ct), ct)));
    }

    private sealed class Network(IReadOnlyList<PartyId> parties)
    {
        private readonly Dictionary<PartyId, Channel<byte[]>> _inboxes = parties.ToDictionary(p => p, _ => Channel.CreateUnbounded<byte[]>());

        public IMpcTransport TransportOf(PartyId self) => new Transport(this, self);

        private sealed class Transport(Network network, PartyId self) : IMpcTransport
        {
            public async ValueTask SendAsync(MpcEnvelope envelope, CancellationToken cancellationToken)
            {
                var bytes = envelope.ToBytes();
                foreach (var (party, inbox) in network._inboxes)
                {
                    if (party != self && (envelope.IsBroadcast || envelope.To == party))
                    {
                        await inbox.Writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            public async ValueTask<MpcEnvelope> ReceiveAsync(CancellationToken cancellationToken) =>
                MpcEnvelope.FromBytes(await network._inboxes[self].Reader.ReadAsync(cancellationToken).ConfigureAwait(false));
        }
    }
}
