using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Tests.Harness;

/// <summary>Presigning and online signing among in-process parties over a serialising <see cref="InProcessNetwork"/>.</summary>
public static class PresignCluster
{
    public const string Wallet = "wallet-presign-test";

    /// <summary>A presigning run among <paramref name="signers"/>; each party's share goes into its store. Returns the presignature id.</summary>
    public static async Task<byte[]> PresignAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, IReadOnlyList<PartyId> signers, IReadOnlyDictionary<PartyId, IPresignatureStore> stores, MpcRandom random, string wallet = Wallet, SignedParties? identities = null)
    {
        var label = Cluster.SessionId(random);
        var randoms = Cluster.PerParty(signers, random);
        var network = new InProcessNetwork(signers) { SigningKeys = identities?.Keys };
        var outcomes = await network.RunAsync(signers, (p, transport, ct) =>
            Presignatures.RunAsync(shares[p], wallet, label, signers, randoms[p], new InMemorySessionLedger(), transport, ct, identities?.Of(p)));
        byte[]? id = null;
        foreach (var (party, outcome) in outcomes)
        {
            var presignature = outcome.Output ?? throw new InvalidOperationException($"presigning failed at {party}", outcome.Error);
            id ??= presignature.Id.ToArray();
            Assert.Equal(id, presignature.Id.ToArray());
            await stores[party].AddAsync(presignature, TestContext.Current.CancellationToken);
            presignature.Dispose();
        }

        return id!;
    }

    /// <summary>The online round among <paramref name="signers"/> (each with its own message hash when <paramref name="messageHashOf"/> is given).</summary>
    public static async Task<SigningRun> SignAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, IReadOnlyList<PartyId> signers, IReadOnlyDictionary<PartyId, IPresignatureStore> stores, byte[] presignatureId, byte[] messageHash, Action<InProcessNetwork>? configure = null, Func<PartyId, byte[]>? messageHashOf = null, string wallet = Wallet, SignedParties? identities = null)
    {
        var label = Cluster.SessionId(MpcRandom.Secure);
        var network = new InProcessNetwork(signers) { SigningKeys = identities?.Keys };
        configure?.Invoke(network);
        var outcomes = await network.RunAsync(signers, (p, transport, ct) =>
            OnlineSigning.RunAsync(shares[p], stores[p], wallet, presignatureId, label, signers, messageHashOf?.Invoke(p) ?? messageHash, MpcRandom.Secure, transport, ct, identities?.Of(p)));
        return new SigningRun(outcomes, network.BytesDelivered);
    }

    public static Dictionary<PartyId, IPresignatureStore> InMemoryStores(IEnumerable<PartyId> parties) =>
        parties.ToDictionary(p => p, IPresignatureStore (_) => new InMemoryPresignatureStore());

    public static MpcAbortException AbortAt(SigningRun run, PartyId party) =>
        Assert.IsType<MpcAbortException>(run.Outcomes[party].Error);
}
