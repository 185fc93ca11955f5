using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Custody.Mpc.Curve;

/// <summary>secp256k1 domain parameters (SEC 2 v2, section 2.4.1) from BouncyCastle's custom curve.</summary>
public static class Secp256k1
{
    internal static readonly X9ECParameters Parameters = CustomNamedCurves.GetByName("secp256k1");

    internal static ECCurve Curve => Parameters.Curve;

    internal static ECPoint G => Parameters.G;

    /// <summary>Group order q (n in SEC 2).</summary>
    public static BcBigInteger Order => Parameters.N;

    /// <summary>Field prime p.</summary>
    public static BcBigInteger FieldPrime => Parameters.Curve.Field.Characteristic;

    /// <summary>q as 32 bytes big-endian.</summary>
    public static ReadOnlySpan<byte> OrderBytes =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
        0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
    ];

    /// <summary>p as 32 bytes big-endian.</summary>
    public static ReadOnlySpan<byte> FieldPrimeBytes =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFC, 0x2F,
    ];
}
