using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// What every signing (and presigning) round after the session agreement does when the run ends early (docs/mpc.md "Rules": a failed
/// pairwise check is terminal for that pair): an abort naming a counterpart discards this party's pair with it
/// in the key share (in memory, before anything else can use it) and in the <see cref="ISessionLedger"/> (durably,
/// so a restored older share cannot revive it); every early end wipes the session's secrets. This lives in the
/// rounds, so any driver gets it.
/// </summary>
internal abstract class SignRound<TOutput> : MpcRound<TOutput>
{
    protected SignRound(SignState state)
        : base(state.Context)
    {
        State = state;
    }

    protected SignState State { get; }

    public override async ValueTask RecordAbortAsync(MpcAbortException abort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(abort);
        if (IsCounterpart(abort.Culprit))
        {
            var share = State.Share;
            await State.Ledger.RecordDiscardedPairAsync(new DiscardedPair(share.KeyIdBytes, share.Self, abort.Culprit, share.PairOtEpoch(abort.Culprit)), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void OnAbort(MpcAbortException abort)
    {
        if (IsCounterpart(abort.Culprit))
        {
            State.Share.DiscardPair(abort.Culprit);
        }

        Wipe();
    }

    protected override void Wipe() => State.Dispose();

    private bool IsCounterpart(PartyId party) => party.IsValid && Context.Others.Contains(party);
}
