namespace Custody.Mpc.Protocol;

/// <summary>
/// A protocol check failed because of a message from <see cref="Culprit"/> (a failed proof or
/// consistency check, an invalid point, a malformed message). Terminal for the session: the caller
/// must not retry with the same state, and after an OT/multiplication check failure the pairwise
/// OT state with the culprit must be discarded (docs/mpc.md "Rules"). The message never contains secrets.
/// </summary>
public sealed class MpcAbortException : Exception
{
    public MpcAbortException(PartyId culprit, string reason)
        : base($"MPC protocol aborted: party {culprit} failed a check: {reason}")
    {
        Culprit = culprit;
        Reason = reason;
        Suspects = culprit.IsValid ? [culprit] : [];
    }

    /// <summary>
    /// An abort that cannot name one party: one of <paramref name="suspects"/> deviated (for example a broadcast
    /// seen differently by two parties: its sender equivocated or the other party misreports it).
    /// </summary>
    public MpcAbortException(IReadOnlyList<PartyId> suspects, string reason)
        : base($"MPC protocol aborted, no single culprit: {reason}")
    {
        ArgumentNullException.ThrowIfNull(suspects);
        Culprit = default;
        Reason = reason;
        Suspects = [.. suspects];
    }

    /// <summary>An abort naming <paramref name="culprit"/> with <paramref name="evidence"/> a third party can check.</summary>
    public MpcAbortException(PartyId culprit, string reason, BlameEvidence evidence)
        : this(culprit, reason)
    {
        Evidence = evidence ?? throw new ArgumentNullException(nameof(evidence));
    }

    public MpcAbortException(PartyId culprit, string reason, Exception innerException)
        : base($"MPC protocol aborted: party {culprit} failed a check: {reason}", innerException)
    {
        Culprit = culprit;
        Reason = reason;
        Suspects = culprit.IsValid ? [culprit] : [];
    }

    /// <summary>The counterpart whose message failed the check.</summary>
    public PartyId Culprit { get; }

    /// <summary>The parties one of which deviated: the culprit alone when there is one; empty when nobody can be named.</summary>
    public IReadOnlyList<PartyId> Suspects { get; }

    /// <summary>
    /// The signed statements the blame rests on, checkable by a third party with the pinned identity keys; present
    /// for proven equivocation and forged echoes in runs with <see cref="PartyIdentities"/>, else null.
    /// </summary>
    public BlameEvidence? Evidence { get; }

    /// <summary>Which check failed (short, secret-free).</summary>
    public string Reason { get; }
}
