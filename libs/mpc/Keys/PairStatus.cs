namespace Custody.Mpc.Keys;

/// <summary>State of the pairwise OT/multiplication material with one counterpart. Wire constants: never renumber.</summary>
public enum PairStatus : byte
{
    /// <summary>Base OT completed at DKG (or the last refresh); the pair may sign together.</summary>
    Active = 1,

    /// <summary>
    /// A pairwise consistency check with this counterpart failed (docs/mpc.md "Rules": terminal for the pair). The OT
    /// material was wiped; no signing set containing both parties is accepted until a refresh runs fresh base OT.
    /// </summary>
    Discarded = 2,
}
