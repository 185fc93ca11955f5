using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Dkg;

/// <summary>
/// DKG round 1 (commit). Each party samples f_i of degree t-1 and a chain-code contribution, broadcasts a
/// session-bound commitment to (C_i0..C_i,t-1, chain-code contribution), sends each counterpart a commitment to
/// its zero-sharing seed contribution and its base-OT messages for both ordered pairs. Committing before revealing stops a rushing
/// party from choosing its polynomial (or chain code, or seed) after seeing the others' (rogue-key attacks).
/// </summary>
internal sealed class DkgRound1 : MpcRound<KeyShare>
{
    private readonly DkgState _state;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound1(DkgState state)
        : base(state.Context)
    {
        _state = state;
        var broadcast = new CommitmentMessage(
            Commitment.Commit(Context, DkgLabels.Feldman, DkgRound2Broadcast.EncodeCommittedValue(state.SentCommitments, state.ChainCodeContribution), out var salt));
        state.FeldmanSalt = salt;
        _outgoing.Add(Context.Envelope(Number, null, broadcast.ToBytes()));
        foreach (var other in Context.Others)
        {
            var seedCommitment = Commitment.Commit(Context, DkgLabels.ZeroSeed(other), state.SeedContributions[other], out var seedSalt);
            state.SeedSalts[other] = seedSalt;
            var direct = new DkgRound1Direct(seedCommitment, state.BaseOt[other].Message());
            _outgoing.Add(Context.Envelope(Number, other, direct.ToBytes()));
        }
    }

    public override byte Number => 1;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => true;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => CommitmentMessage.Parse(payload);

    protected override object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) => DkgRound1Direct.Parse(payload);

    protected override RoundOutcome<KeyShare> Complete()
    {
        var broadcasts = Context.Others.ToDictionary(p => p, BroadcastFrom<CommitmentMessage>);
        var directs = Context.Others.ToDictionary(p => p, DirectFrom<DkgRound1Direct>);
        return new RoundOutcome<KeyShare>.Next(new DkgRound2(_state, broadcasts, directs, BroadcastStatements()));
    }

    protected override void Wipe() => _state.Dispose();
}
