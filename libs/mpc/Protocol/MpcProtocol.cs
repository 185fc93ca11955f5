namespace Custody.Mpc.Protocol;

/// <summary>The protocol a message belongs to (envelope field). Values are wire constants: never renumber.</summary>
public enum MpcProtocol : byte
{
    /// <summary>t-of-n distributed key generation (Feldman VSS + pairwise base OT).</summary>
    Dkg = 1,

    /// <summary>DKLs23 Protocol 3.6 signing.</summary>
    Sign = 2,

    /// <summary>Key refresh (zero-constant sharings and fresh base OT through the DKG rounds; Refresh/).</summary>
    Refresh = 3,
}
