using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Refresh;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Tests.Harness;

/// <summary>Runs DKG and signing among in-process parties over a serialising <see cref="InProcessNetwork"/>.</summary>
public static class Cluster
{
    public static PartyId[] Ids(int n) => Enumerable.Range(1, n).Select(PartyId.Create).ToArray();

    /// <summary>
    /// One seeded stream per party, drawn from the test's stream before the parties start (a seeded
    /// <see cref="MpcRandom"/> is not thread-safe, and parties run concurrently). Fresh per run: no nonce repeats.
    /// </summary>
    public static Dictionary<PartyId, MpcRandom> PerParty(IEnumerable<PartyId> parties, MpcRandom random)
    {
        var seed = new byte[8];
        return parties.ToDictionary(p => p, _ =>
        {
            random.Fill(seed);
            return MpcRandom.Seeded(BitConverter.ToUInt64(seed));
        });
    }

    /// <summary>A fresh random 32-byte message hash.</summary>
    public static byte[] MessageHash() => SessionId(MpcRandom.Secure);

    public static byte[] SessionId(MpcRandom random)
    {
        var id = new byte[32];
        random.Fill(id);
        return id;
    }

    /// <summary>A DKG among parties 1..n; every party must succeed.</summary>
    public static async Task<Dictionary<PartyId, KeyShare>> GenerateAsync(int threshold, int n, MpcRandom random, Action<InProcessNetwork>? configure = null, SignedParties? identities = null)
    {
        var ids = Ids(n);
        var sessionId = SessionId(random);
        var randoms = PerParty(ids, random);
        var network = new InProcessNetwork(ids) { SigningKeys = identities?.Keys };
        configure?.Invoke(network);
        return Succeeded(await network.RunAsync(ids, (p, transport, ct) =>
            DistributedKeyGeneration.RunAsync(sessionId, p, ids, threshold, randoms[p], transport, ct, identities?.Of(p))));
    }

    /// <summary>A refresh of <paramref name="shares"/> (every party of the key); returns every party's outcome.</summary>
    public static async Task<IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>>> RefreshAsync(IReadOnlyDictionary<PartyId, KeyShare> shares, MpcRandom random, Action<InProcessNetwork>? configure = null)
    {
        var ids = shares.Keys.Order().ToArray();
        var label = SessionId(random);
        var randoms = PerParty(ids, random);
        var network = new InProcessNetwork(ids);
        configure?.Invoke(network);
        return await network.RunAsync(ids, (p, transport, ct) => KeyRefresh.RunAsync(shares[p], label, randoms[p], transport, ct));
    }

    /// <summary>The outputs of a run in which every party must succeed.</summary>
    public static Dictionary<PartyId, KeyShare> Succeeded(IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>> outcomes)
    {
        foreach (var (party, outcome) in outcomes)
        {
            if (outcome.Error is { } error)
            {
                throw new InvalidOperationException($"run failed at {party}", error);
            }
        }

        return outcomes.ToDictionary(o => o.Key, o => o.Value.Output!);
    }

    /// <summary>
    /// Signing among <paramref name="signers"/>, optionally with a tampering party, a wrong additive share, given
    /// ledgers (default: a fresh in-memory ledger per party), a given session label, per-party randomness and a
    /// per-party message hash (a coordinator that tells parties different things); returns every signer's outcome.
    /// </summary>
    public static async Task<SigningRun> SignAsync(
        IReadOnlyDictionary<PartyId, KeyShare> shares,
        IReadOnlyList<PartyId> signers,
        byte[] messageHash,
        MpcRandom random,
        Action<InProcessNetwork>? configure = null,
        PartyId? wrongShareParty = null,
        IReadOnlyDictionary<PartyId, ISessionLedger>? ledgers = null,
        byte[]? sessionLabel = null,
        IReadOnlyDictionary<PartyId, MpcRandom>? randoms = null,
        Func<PartyId, byte[]>? messageHashOf = null,
        SignedParties? identities = null)
    {
        var label = sessionLabel ?? SessionId(random);
        randoms ??= PerParty(signers, random);
        ledgers ??= signers.ToDictionary(p => p, ISessionLedger (_) => new InMemorySessionLedger());
        var network = new InProcessNetwork(signers) { SigningKeys = identities?.Keys };
        configure?.Invoke(network);
        var outcomes = await network.RunAsync(signers, (p, transport, ct) =>
        {
            Func<Scalar, Scalar>? tamper = p == wrongShareParty ? sk => sk + Scalar.One : null;
            var first = ThresholdSigning.StartCore(shares[p], label, signers, messageHashOf?.Invoke(p) ?? messageHash, randoms[p], ledgers[p], tamper, identities?.Of(p));
            return MpcSessionRunner.RunAsync(first, transport, ct);
        });
        return new SigningRun(outcomes, network.BytesDelivered);
    }
}

public sealed record SigningRun(IReadOnlyDictionary<PartyId, PartyOutcome<EcdsaSignature>> Outcomes, long Bytes)
{
    /// <summary>The signature all signers agree on; throws if any signer failed or they disagree.</summary>
    public EcdsaSignature Signature()
    {
        var failed = Outcomes.Where(o => o.Value.Error is not null).ToArray();
        if (failed.Length > 0)
        {
            throw new InvalidOperationException($"signing failed at {failed[0].Key}", failed[0].Value.Error);
        }

        var first = Outcomes.Values.First().Output!;
        foreach (var outcome in Outcomes.Values)
        {
            Assert.Equal(first.ToCompact(), outcome.Output!.ToCompact());
            Assert.Equal(first.RecoveryId, outcome.Output.RecoveryId);
        }

        return first;
    }
}
