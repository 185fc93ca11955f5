using System.Security.Cryptography;
using System.Text;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Presigning;

/// <summary>
/// Presigning: DKLs23 Protocol 3.6 run up to the message ahead of time (the paper's observation that its first two
/// rounds are message independent, eprint 2023/765 Section 1 and Protocol 3.6), between a fixed set of parties of a
/// key. It is the signing code itself (rounds 0-2 with every check, the ledger's answered-session record and pair
/// discards); only the end differs: instead of round 3 each party outputs its <see cref="PresignatureShare"/>, which
/// the caller stores sealed in its <see cref="IPresignatureStore"/>. Finish one with <see cref="OnlineSigning"/>.
/// </summary>
public static class Presignatures
{
    /// <summary>
    /// The first round for this party. <paramref name="walletId"/> names the key for the stores (bound into the
    /// share and into the request every party must agree on); the other arguments are those of
    /// <see cref="ThresholdSigning.Start"/> without the message.
    /// </summary>
    public static MpcRound<PresignatureShare> Start(KeyShare share, string walletId, ReadOnlySpan<byte> sessionLabel, IReadOnlyList<PartyId> signers, MpcRandom random, ISessionLedger ledger, PartyIdentities? identities = null)
    {
        PresignatureShare.ValidateWalletId(walletId);
        var context = ThresholdSigning.Context(share, MpcProtocol.Presign, sessionLabel, signers, random, ledger, identities);
        return new SignRound0<PresignatureShare>(context, share, RequestSubject(walletId), ledger, null, (state, values) =>
        {
            var presignature = new PresignatureShare(state.Context.SessionId, walletId, state.Share.KeyId, state.Share.Epoch, state.Share.Self, state.Context.Parties, values);
            state.Dispose();
            return new RoundOutcome<PresignatureShare>.Done(presignature);
        });
    }

    /// <summary>Runs presigning over a transport (the services' driver); the caller stores the result with <see cref="IPresignatureStore.AddAsync"/>.</summary>
    public static Task<PresignatureShare> RunAsync(KeyShare share, string walletId, byte[] sessionLabel, IReadOnlyList<PartyId> signers, MpcRandom random, ISessionLedger ledger, IMpcTransport transport, CancellationToken cancellationToken, PartyIdentities? identities = null) =>
        MpcSessionRunner.RunAsync(Start(share, walletId, sessionLabel, signers, random, ledger, identities), transport, cancellationToken);

    /// <summary>What a presigning run is for, in round 0's request digest: the wallet (the key, epoch and signers are there already).</summary>
    private static byte[] RequestSubject(string walletId)
    {
        using var writer = new WireWriter(160);
        writer.WriteBytes("custody/mpc/presign/wallet/v1"u8);
        writer.WriteBytes(Encoding.UTF8.GetBytes(walletId));
        return writer.Sha256();
    }
}
