using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Presigning;

/// <summary>
/// Signing from a presignature: ONE round (DKLs23 Protocol 3.6 step 3). Each signer consumes its share of the
/// presignature in its <see cref="IPresignatureStore"/> for the message (single use, durable, atomic), broadcasts its
/// partial signature (u_i, w_i), and combines and verifies the signature; no OT state is used, so nothing is
/// discarded on an abort (the presignature is spent either way). The coordinator names the presignature (from its
/// <see cref="PresignaturePool"/>); every signer must be asked for the same id and message.
/// </summary>
public static class OnlineSigning
{
    /// <summary>
    /// The online round for this party. <paramref name="share"/> is the party's current key share (its key id,
    /// epoch and public key must be those of the presignature); <paramref name="signers"/> must be exactly the
    /// presignature's party set; <paramref name="sessionLabel"/> routes the envelopes (16-64 bytes).
    /// </summary>
    public static MpcRound<EcdsaSignature> Start(KeyShare share, IPresignatureStore store, string walletId, ReadOnlySpan<byte> presignatureId, ReadOnlySpan<byte> sessionLabel, IReadOnlyList<PartyId> signers, ReadOnlySpan<byte> messageHash, MpcRandom random, PartyIdentities? identities = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var request = new PresignatureRequest(walletId, presignatureId, share, signers, messageHash);
        var context = new SessionContext(sessionLabel, MpcProtocol.PresignedSign, share.Self, signers, random, identities).WithSessionId(presignatureId);
        return new OnlineSignRound(context, store, request, share.PublicKey);
    }

    public static Task<EcdsaSignature> RunAsync(KeyShare share, IPresignatureStore store, string walletId, byte[] presignatureId, byte[] sessionLabel, IReadOnlyList<PartyId> signers, byte[] messageHash, MpcRandom random, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(share, store, walletId, presignatureId, sessionLabel, signers, messageHash, random, identities), transport, cancellationToken);
}
