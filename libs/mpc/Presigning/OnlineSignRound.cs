using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;

namespace Custody.Mpc.Presigning;

/// <summary>
/// The online round: before anything is sent, the party consumes the presignature in its store for this message
/// (<see cref="IPresignatureStore.ConsumeAsync"/>, durable and atomic; a refusal sends nothing). It then broadcasts
/// (presignature id, message hash, u_i, w_i). Finalising first compares every sender's presignature id and message
/// hash with its own (a difference means the coordinator asked the parties for different things: abort naming
/// nobody), then combines and verifies exactly as normal signing's round 3 (<see cref="SignatureCombiner"/>).
/// </summary>
internal sealed class OnlineSignRound : MpcRound<EcdsaSignature>
{
    private readonly IPresignatureStore _store;
    private readonly PresignatureRequest _request;
    private readonly Point _publicKey;
    private readonly List<MpcEnvelope> _outgoing = [];
    private ConsumedPresignature? _consumed;

    public OnlineSignRound(SessionContext context, IPresignatureStore store, PresignatureRequest request, Point publicKey)
        : base(context)
    {
        _store = store;
        _request = request;
        _publicKey = publicKey;
    }

    public override byte Number => 0;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool NeedsPreparation => true;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override async ValueTask PrepareCoreAsync(CancellationToken cancellationToken)
    {
        var consumed = await _store.ConsumeAsync(_request, cancellationToken).ConfigureAwait(false);
        if (consumed.Self != Context.Self || !consumed.Request.PresignatureId.SequenceEqual(_request.PresignatureId) || !consumed.Request.MessageHash.SequenceEqual(_request.MessageHash))
        {
            throw new InvalidOperationException("the presignature store returned a partial for another request");
        }

        _consumed = consumed;
        _outgoing.Add(Context.Envelope(Number, null, new OnlineSignBroadcast(_request.PresignatureId, _request.MessageHash, consumed.U, consumed.W).ToBytes()));
    }

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => OnlineSignBroadcast.Parse(payload);

    /// <summary>The request every signer finished must be this party's: checked before the session binding and the combination.</summary>
    protected override void CheckEchoes()
    {
        foreach (var from in Context.Others)
        {
            var message = BroadcastFrom<OnlineSignBroadcast>(from);
            if (!message.PresignatureId.AsSpan().SequenceEqual(_request.PresignatureId) || !message.MessageHash.AsSpan().SequenceEqual(_request.MessageHash))
            {
                throw new MpcAbortException([], $"online signing: party {from} finished another presignature or message than this party (the coordinator asked the signers for different things); nobody can be blamed");
            }
        }
    }

    protected override RoundOutcome<EcdsaSignature> Complete()
    {
        var consumed = _consumed ?? throw new InvalidOperationException("the online round was not prepared");
        var u = consumed.U;
        var w = consumed.W;
        foreach (var from in Context.Others)
        {
            var message = BroadcastFrom<OnlineSignBroadcast>(from);
            u += message.U;
            w += message.W;
        }

        return new RoundOutcome<EcdsaSignature>.Done(SignatureCombiner.Combine(consumed.InstancePoint, _publicKey, _request.MessageHash, u, w, Context.Others));
    }
}
