using System.Security.Cryptography;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>
/// DKG round 3 (confirm). Each party broadcasts the echo of every dealer's round-1 and round-2 broadcasts
/// (<see cref="BroadcastEcho"/>) and the hash of its view of the result. Finalising first compares the echoes (a
/// dealer that showed parties different polynomials is named when the echoes prove it, else the abort names the
/// suspects and blames no one), then requires every counterpart's confirmation to equal this party's (with equal
/// echoes a different confirmation can only be a false one: abort naming its sender), and outputs the validated
/// <see cref="KeyShare"/> with the RVOLE setups.
/// </summary>
internal sealed class DkgRound3 : MpcRound<KeyShare>
{
    private readonly DkgState _state;
    private readonly DkgResult _result;
    private readonly BroadcastEcho _echo;
    private readonly byte[] _confirmation;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound3(DkgState state, DkgResult result, BroadcastEcho echo, byte[] confirmation)
        : base(state.Context)
    {
        _state = state;
        _result = result;
        _echo = echo;
        _confirmation = confirmation;
        _outgoing.Add(Context.Envelope(Number, null, new DkgRound3Broadcast(echo.Bytes, confirmation).ToBytes()));
    }

    public override byte Number => 3;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => DkgRound3Broadcast.Parse(payload);

    protected override void CheckEchoes() =>
        _echo.CheckAll(p => BroadcastFrom<DkgRound3Broadcast>(p).Echo, p => SignedMessageFrom(p, broadcast: true), "DKG rounds 1-2 broadcasts");

    protected override RoundOutcome<KeyShare> Complete()
    {        foreach (var from in Context.Others)
        {
            if (!CryptographicOperations.FixedTimeEquals(BroadcastFrom<DkgRound3Broadcast>(from).Confirmation, _confirmation))
            {
                throw new MpcAbortException(from, $"{_state.Dealing.Name}: confirmation differs although every broadcast was echoed alike (a false confirmation)");
            }
        }

        var pairs = new List<PairwiseState>();
        try
        {
            foreach (var from in Context.Others)
            {
                var (sender, receiver) = _result.Setups[from];
                pairs.Add(new PairwiseState(from, _result.ZeroSeeds[from], _state.Dealing.OtEpoch(from), sender, receiver));
            }

            var share = new KeyShare(
                _result.KeyId,
                Context.Self,
                _state.Threshold,
                Context.Parties,
                _state.Dealing.Epoch,
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
