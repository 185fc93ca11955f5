namespace Custody.Mpc.Protocol;

/// <summary>What finalising a round yields: the next round, the protocol's output, or an abort with blame.</summary>
public abstract class RoundOutcome<TOutput>
{
    private RoundOutcome()
    {
    }

    public sealed class Next(MpcRound<TOutput> round) : RoundOutcome<TOutput>
    {
        public MpcRound<TOutput> Round { get; } = round;
    }

    public sealed class Done(TOutput output) : RoundOutcome<TOutput>
    {
        public TOutput Output { get; } = output;
    }

    public sealed class Aborted(MpcAbortException abort) : RoundOutcome<TOutput>
    {
        public MpcAbortException Abort { get; } = abort;
    }
}
