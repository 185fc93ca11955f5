namespace Custody.Mpc.Protocol;

/// <summary>
/// What an abort's blame rests on, in a form a third party holding the pinned identity keys can check without
/// trusting the accuser (docs/mpc.md "Signed messages and provable blame"). Carried by
/// <see cref="MpcAbortException.Evidence"/> in runs with <see cref="PartyIdentities"/>.
/// </summary>
public abstract class BlameEvidence
{
    /// <summary>The party the evidence proves deviated.</summary>
    public abstract PartyId Culprit { get; }
}

/// <summary>
/// Two statements signed by <see cref="Culprit"/> for the same message slot of a session bound to an agreed id,
/// with different payloads: an honest party never signs both (<see cref="SignedStatement"/>, "Soundness").
/// </summary>
public sealed class EquivocationEvidence : BlameEvidence
{
    public EquivocationEvidence(SignedStatement first, SignedStatement second)
    {
        First = first ?? throw new ArgumentNullException(nameof(first));
        Second = second ?? throw new ArgumentNullException(nameof(second));
    }

    public SignedStatement First { get; }

    public SignedStatement Second { get; }

    public override PartyId Culprit => First.From;

    /// <summary>Whether the evidence proves equivocation by <see cref="Culprit"/>, whose pinned key is <paramref name="culpritPublicKey"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> culpritPublicKey) =>
        First.SameSlot(Second)
        && First.IsAgreed
        && !First.SamePayload(Second)
        && First.Verify(culpritPublicKey)
        && Second.Verify(culpritPublicKey);
}
