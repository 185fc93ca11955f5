using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Custody.Ethereum;

/// <summary>The secp256k1 curve parameters (SEC 2 §2.4.1), shared by addresses and signatures.</summary>
internal static class Secp256k1
{
    public static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);

    public static readonly BigInteger N = Curve.N;

    public static readonly BigInteger HalfN = Curve.N.ShiftRight(1);

    /// <summary>
    /// Decodes a SEC 1 public key: 33-byte compressed, 65-byte uncompressed (0x04 prefix), or the
    /// 64-byte x‖y form Ethereum uses. The point must lie on the curve and not be infinity.
    /// </summary>
    public static bool TryDecodePoint(ReadOnlySpan<byte> publicKey, out ECPoint point)
    {
        point = Curve.Curve.Infinity;
        byte[] encoded;
        if (publicKey.Length == 64)
        {
            encoded = new byte[65];
            encoded[0] = 0x04;
            publicKey.CopyTo(encoded.AsSpan(1));
        }
        else if ((publicKey.Length == 65 && publicKey[0] == 0x04)
            || (publicKey.Length == 33 && (publicKey[0] == 0x02 || publicKey[0] == 0x03)))
        {
            encoded = publicKey.ToArray();
        }
        else
        {
            return false;
        }

        try
        {
            var decoded = Curve.Curve.DecodePoint(encoded).Normalize();
            if (decoded.IsInfinity || !decoded.IsValid())
            {
                return false;
            }

            point = decoded;
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The 64-byte x‖y encoding of a point (no SEC 1 prefix).</summary>
    public static byte[] EncodeXY(ECPoint point)
    {
        var uncompressed = point.Normalize().GetEncoded(false);
        return uncompressed.AsSpan(1).ToArray();
    }
}
