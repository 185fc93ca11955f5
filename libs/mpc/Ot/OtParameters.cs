namespace Custody.Mpc.Ot;

/// <summary>
/// Security parameters of the OT machinery. Constants, never configuration (docs/mpc.md "Rules").
/// </summary>
internal static class OtParameters
{
    /// <summary>
    /// Computational security parameter of the OT extension in bits, and the number of base OTs
    /// per ordered pair. secp256k1 offers 128-bit security, so 128 base OTs and a 128-bit KOS
    /// correlation (KOS15, eprint 2015/546, Fig. 10 with kappa = 128) match the weakest link.
    /// </summary>
    public const int Kappa = 128;

    /// <summary>Bytes of one extended-OT row, of the correlation Delta and of one base-OT seed.</summary>
    public const int KappaBytes = Kappa / 8;

    /// <summary>Statistical security parameter s (DKLs19 Protocol 1 and KOS15 padding).</summary>
    public const int StatisticalSecurity = 80;

    /// <summary>Bits of the scalar field (|q| = 256): the binary part of the DKLs19 gadget vector.</summary>
    public const int ScalarBits = 256;

    /// <summary>
    /// DKLs19 batch size xi = |q| + 2s = 416: the number of correlated OTs one multiplication uses.
    /// </summary>
    public const int GadgetLength = ScalarBits + (2 * StatisticalSecurity);

    /// <summary>
    /// Extended OTs per multiplication, m' = xi + padding with padding = 224 &gt;= kappa + s
    /// (KOS15 Fig. 10 pads with kappa + s random OTs so the check values hide the choice bits);
    /// a multiple of 128 so rows and columns align.
    /// </summary>
    public const int ExtendedLength = 640;

    /// <summary>Bytes of one column of the extension matrix.</summary>
    public const int ColumnBytes = ExtendedLength / 8;
}
