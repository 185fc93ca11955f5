using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// DKLs23 threshold ECDSA signing, Protocol 3.6 ("Threshold ECDSA in Three Rounds", eprint 2023/765), with the
/// corrected consistency checks (MPC.md item 9). Any set of at least t parties of the key signs a 32-byte message
/// hash the CALLER computed (the signer hashes the EIP-2718 payload itself; see SECURE_USAGE.md). Three rounds;
/// output: a verified low-s signature with recovery id.
/// </summary>
public static class ThresholdSigning
{
    public const int MessageHashLength = 32;

    /// <summary>The first round for this party. Every pair of signers must still have usable OT state.</summary>
    public static MpcRound<EcdsaSignature> Start(KeyShare share, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash, MpcRandom random) =>
        StartCore(share, sessionId, signers, messageHash, random, null);

    /// <summary>
    /// Runs signing over a transport. On an abort that names a counterpart, the pair's OT state in
    /// <paramref name="share"/> is discarded (terminal for that pair); persist the share afterwards.
    /// </summary>
    public static async Task<EcdsaSignature> RunAsync(KeyShare share, byte[] sessionId, IReadOnlyList<PartyId> signers, byte[] messageHash, MpcRandom random, IMpcTransport transport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        return await RunRoundsAsync(share, Start(share, sessionId, signers, messageHash, random), transport, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drives the rounds; a pairwise abort discards the pair with the named culprit.</summary>
    internal static async Task<EcdsaSignature> RunRoundsAsync(KeyShare share, MpcRound<EcdsaSignature> first, IMpcTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return await MpcSessionRunner.RunAsync(first, transport, cancellationToken).ConfigureAwait(false);
        }
        catch (MpcAbortException abort) when (abort.Culprit.IsValid && abort.Culprit != share.Self && share.Parties.Contains(abort.Culprit))
        {
            share.DiscardPair(abort.Culprit);
            throw;
        }
    }

    /// <summary>Test seam: <paramref name="additiveShareTamper"/> lets a test play a party using a wrong additive share.</summary>
    internal static MpcRound<EcdsaSignature> StartCore(KeyShare share, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash, MpcRandom random, Func<Scalar, Scalar>? additiveShareTamper)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(signers);
        if (messageHash.Length != MessageHashLength)
        {
            throw new ArgumentException("the message hash is 32 bytes", nameof(messageHash));
        }

        if (signers.Count < share.Threshold)
        {
            throw new ArgumentException($"at least {share.Threshold} signers are required", nameof(signers));
        }

        if (signers.Any(s => !share.Parties.Contains(s)))
        {
            throw new ArgumentException("every signer must be a party of the key", nameof(signers));
        }

        var context = new SessionContext(sessionId, MpcProtocol.Sign, share.Self, signers, random);
        foreach (var other in context.Others)
        {
            share.UsablePair(other);
        }

        return new SignRound1(new SignState(context, share, messageHash.ToArray(), additiveShareTamper));
    }
}
