namespace Custody.Mpc.Protocol;

/// <summary>The protocol a message belongs to (envelope field). Values are wire constants: never renumber.</summary>
public enum MpcProtocol : byte
{
    /// <summary>t-of-n distributed key generation (Feldman VSS + pairwise base OT).</summary>
    Dkg = 1,

    /// <summary>DKLs23 Protocol 3.6 signing.</summary>
    Sign = 2,

    /// <summary>Reserved for key refresh (fresh zero sharing and base OT); not built yet.</summary>
    Refresh = 3,
}
