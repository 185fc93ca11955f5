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

    /// <summary>DKLs23 Protocol 3.6 steps 1-2 run ahead of the message: a presignature (Presigning/).</summary>
    Presign = 5,

    /// <summary>The one online round of signing from a presignature (Presigning/OnlineSigning).</summary>
    PresignedSign = 6,
}
