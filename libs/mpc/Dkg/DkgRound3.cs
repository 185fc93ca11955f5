using System.Security.Cryptography;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>
/// DKG round 3 (confirm). Each party broadcasts the hash of its view of the result. Finalising requires every
/// counterpart's confirmation to equal this party's (a difference means someone equivocated in rounds 1-2: abort
/// naming the party whose view differs) and outputs the validated <see cref="KeyShare"/> with the RVOLE setups.
/// </summary>
internal sealed class DkgRound3 : MpcRound<KeyShare>
{
    private readonly DkgState _state;
    private readonly DkgResult _result;
    private readonly byte[] _confirmation;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound3(DkgState state, DkgResult result, byte[] confirmation)
        : base(state.Context)
    {
        _state = state;
        _result = result;
        _confirmation = confirmation;
        _outgoing.Add(Context.Envelope(Number, null, new DkgRound3Broadcast(confirmation).ToBytes()));
    }

    public override byte Number => 3;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => DkgRound3Broadcast.Parse(payload);

    protected override RoundOutcome<KeyShare> Complete()
    {
        foreach (var from in Context.Others)
        {
            if (!CryptographicOperations.FixedTimeEquals(BroadcastFrom<DkgRound3Broadcast>(from).Confirmation, _confirmation))
            {
                throw new MpcAbortException(from, "DKG: confirmation differs (this party's view of the key differs: equivocation in rounds 1-2)");
            }
        }

        var pairs = new List<PairwiseState>();
        try
        {
            foreach (var from in Context.Others)
            {
                var (sender, receiver) = _result.Setups[from];
                pairs.Add(new PairwiseState(from, _result.ZeroSeeds[from], otEpoch: 0, sender, receiver));
            }

            var share = new KeyShare(
                _result.KeyId,
                Context.Self,
                _state.Threshold,
                Context.Parties,
                epoch: 0,
                _result.SecretShare,
                _result.PublicKey,
                _result.PublicShares,
                _result.ChainCode,
                pairs);
            _result.HandOverSetups();
            return new RoundOutcome<KeyShare>.Done(share);
        }
        catch
        {
            foreach (var pair in pairs)
            {
                pair.Dispose();
            }

            throw;
        }
        finally
        {
            _result.Dispose();
            _state.Dispose();
        }
    }

    protected override void Wipe()
    {
        _result.Dispose();
        _state.Dispose();
    }
}
