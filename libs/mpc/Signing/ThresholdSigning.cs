using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// DKLs23 threshold ECDSA signing, Protocol 3.6 ("Threshold ECDSA in Three Rounds", eprint 2023/765), with the
/// corrected consistency checks (docs/mpc.md "Signing"). Any set of at least t parties of the key signs a 32-byte message
/// hash the CALLER computed (the signer hashes the EIP-2718 payload itself; see SECURE_USAGE.md). Three rounds;
/// output: a verified low-s signature with recovery id.
/// </summary>
public static class ThresholdSigning
{
    public const int MessageHashLength = 32;

    /// <summary>
    /// The first round (round 0, the session agreement) for this party. <paramref name="sessionLabel"/> is the
    /// caller's id for this run (16-64 bytes, the same at every signer: it routes the envelopes); the session id the
    /// cryptography is bound to is agreed in round 0 from every signer's fresh contribution. <paramref name="ledger"/>
    /// is this party's durable record of answered sessions and discarded pairs (SECURE_USAGE.md). With
    /// <paramref name="identities"/> every message is signed by this party's identity key and every received one must
    /// carry its sender's signature under the pinned key, which makes equivocation provable (docs/mpc.md). Every pair of
    /// signers must still have usable OT state. Drive the rounds with <see cref="RunAsync"/> (services) or a driver
    /// that awaits <see cref="MpcRound{TOutput}.PrepareAsync"/> and <see cref="MpcRound{TOutput}.RecordAbortAsync"/>.
    /// </summary>
    public static MpcRound<EcdsaSignature> Start(KeyShare share, ReadOnlySpan<byte> sessionLabel, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash, MpcRandom random, ISessionLedger ledger, PartyIdentities? identities = null) =>
        StartCore(share, sessionLabel, signers, messageHash, random, ledger, null, identities);

    /// <summary>
    /// Runs signing over a transport: the one driver services use. An abort that names a counterpart has discarded
    /// the pair in <paramref name="share"/> and recorded the discard in <paramref name="ledger"/> before it is thrown.
    /// </summary>
    public static Task<EcdsaSignature> RunAsync(KeyShare share, byte[] sessionLabel, IReadOnlyList<PartyId> signers, byte[] messageHash, MpcRandom random, ISessionLedger ledger, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(share, sessionLabel, signers, messageHash, random, ledger, identities), transport, cancellationToken);

    /// <summary>Test seam: <paramref name="additiveShareTamper"/> lets a test play a party using a wrong additive share.</summary>
    internal static MpcRound<EcdsaSignature> StartCore(KeyShare share, ReadOnlySpan<byte> sessionLabel, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash, MpcRandom random, ISessionLedger ledger, Func<Scalar, Scalar>? additiveShareTamper, PartyIdentities? identities = null)
    {
        if (messageHash.Length != MessageHashLength)
        {
            throw new ArgumentException("the message hash is 32 bytes", nameof(messageHash));
        }

        var context = Context(share, MpcProtocol.Sign, sessionLabel, signers, random, ledger, identities);
        var hash = messageHash.ToArray();
        return new SignRound0<EcdsaSignature>(context, share, hash, ledger, additiveShareTamper, (state, values) => new RoundOutcome<EcdsaSignature>.Next(new SignRound3(state, values, hash)));
    }

    /// <summary>The checked inputs of a signing or presigning run: at least t signers, all parties of the key, every pair usable.</summary>
    internal static SessionContext Context(KeyShare share, MpcProtocol protocol, ReadOnlySpan<byte> sessionLabel, IReadOnlyList<PartyId> signers, MpcRandom random, ISessionLedger ledger, PartyIdentities? identities)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(ledger);
        if (signers.Count < share.Threshold)
        {
            throw new ArgumentException($"at least {share.Threshold} signers are required", nameof(signers));
        }

        if (signers.Any(s => !share.Parties.Contains(s)))
        {
            throw new ArgumentException("every signer must be a party of the key", nameof(signers));
        }

        var context = new SessionContext(sessionLabel, protocol, share.Self, signers, random, identities);
        foreach (var other in context.Others)
        {
            share.UsablePair(other);
        }

        return context;
    }
}
