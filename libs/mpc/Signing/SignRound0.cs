using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing.Messages;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing (and presigning) round 0, the session agreement (docs/mpc.md "Shape of the code"). Before it sends,
/// the party loads the durable discard records of its <see cref="ISessionLedger"/> into the share (a restored older
/// share cannot revive a discarded pair) and refuses a discarded pair. Each party broadcasts a fresh 32-byte
/// contribution and the digest of the request it was given (caller's label, key id, key epoch, signer set, message
/// hash). Finalising requires every party's request digest to equal this party's (else the coordinator gave the
/// parties different requests: abort naming nobody, before any pairwise state is touched), then fixes the session
/// id as SHA-256 over the request digest and every party's contribution. Every later message, commitment, zero
/// share and OT-extension pad is bound to that id, so no party's OT state ever answers twice under one id even when
/// the caller's label repeats (a retry, a restart, a replica, a reloaded share): the caller's id is only a label.
/// </summary>
internal sealed class SignRound0<TOutput> : MpcRound<TOutput>
{
    private readonly KeyShare _share;
    private readonly SigningFinish<TOutput> _finish;
    private readonly ISessionLedger _ledger;
    private readonly Func<Scalar, Scalar>? _additiveShareTamper;
    private readonly AgreementBroadcast _own;
    private readonly List<MpcEnvelope> _outgoing = [];

    /// <param name="requestSubject">What the run is for, 32 bytes: the message hash (signing) or the digest of the presignature request (presigning).</param>
    public SignRound0(SessionContext context, KeyShare share, byte[] requestSubject, ISessionLedger ledger, Func<Scalar, Scalar>? additiveShareTamper, SigningFinish<TOutput> finish)
        : base(context)
    {
        _share = share;
        _finish = finish;
        _ledger = ledger;
        _additiveShareTamper = additiveShareTamper;
        _own = SessionAgreement.Broadcast(context, RequestDigest(context, share, requestSubject));
        _outgoing.Add(Context.Envelope(Number, null, _own.ToBytes()));
    }

    public override byte Number => 0;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool NeedsPreparation => true;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    /// <summary>SHA-256 of the request as this party sees it: what every signer must agree on before any pairwise step.</summary>
    internal static byte[] RequestDigest(SessionContext context, KeyShare share, ReadOnlySpan<byte> messageHash)
    {
        using var writer = new WireWriter(256);
        writer.WriteBytes(context.Protocol == MpcProtocol.Presign ? "custody/mpc/presign/request/v1"u8 : "custody/mpc/sign/request/v1"u8);
        writer.WriteBytes(context.RoutingId);
        writer.WriteFixed(share.KeyId);
        writer.WriteUInt32(share.Epoch);
        // The key actually signed under: a derived key (KeyShare.WithTweak) differs per BIP-32 path, so parties told
        // different paths disagree here, before any pairwise step (docs/mpc.md "BIP-32 derivation").
        WireCodec.WritePoint(writer, share.PublicKey);
        WireCodec.WritePartySet(writer, context.Parties);
        writer.WriteFixed(messageHash);
        return writer.Sha256();
    }

    protected override async ValueTask PrepareCoreAsync(CancellationToken cancellationToken)
    {
        _share.ApplyDiscards(await _ledger.DiscardedPairsAsync(_share.KeyIdBytes, _share.Self, cancellationToken).ConfigureAwait(false));
        foreach (var other in Context.Others)
        {
            _share.UsablePair(other);
        }
    }

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => AgreementBroadcast.Parse(payload);

    protected override RoundOutcome<TOutput> Complete()
    {
        var sessionId = SessionAgreement.Agree(Context, "custody/mpc/sign/session/v1"u8, _own, BroadcastFrom<AgreementBroadcast>, "signing (key, epoch, signers, message hash or label)");
        var state = new SignState(Context.WithSessionId(sessionId), _share, _ledger, _additiveShareTamper);
        return new RoundOutcome<TOutput>.Next(new SignRound1<TOutput>(state, new BroadcastEcho(Context, BroadcastStatements()), _finish));
    }
}
