using Custody.Mpc.Curve;

namespace Custody.Mpc.Signing;

/// <summary>
/// A verified, low-s ECDSA signature over secp256k1: r and s (32 bytes big-endian each) and the recovery id
/// (parity of R's y after low-s normalisation: Ethereum's yParity / v - 27).
/// </summary>
public sealed class EcdsaSignature
{
    internal EcdsaSignature(Scalar r, Scalar s, byte recoveryId)
    {
        R = r.ToBytes();
        S = s.ToBytes();
        RecoveryId = recoveryId;
    }

    public byte[] R { get; }

    public byte[] S { get; }

    /// <summary>0 or 1.</summary>
    public byte RecoveryId { get; }

    /// <summary>r || s, the IEEE P1363 form .NET's ECDsa.VerifyHash takes.</summary>
    public byte[] ToCompact() => [.. R, .. S];

    public override string ToString() => $"EcdsaSignature(r=0x{Convert.ToHexString(R)}, s=0x{Convert.ToHexString(S)}, v={RecoveryId})";
}
