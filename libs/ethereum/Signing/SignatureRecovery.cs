using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Custody.Ethereum.Signing;

/// <summary>ECDSA public key recovery (SEC 1 v2, §4.1.6) for secp256k1, as ecrecover does.</summary>
public static class SignatureRecovery
{
    /// <summary>Recovers the 64-byte x‖y public key that produced <paramref name="signature"/> over a 32-byte hash.</summary>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> hash, Signature signature)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException("The message hash must be 32 bytes.", nameof(hash));
        }

        var point = Recover(hash, signature.R.ToBigEndianBytes(), signature.S.ToBigEndianBytes(), signature.YParity)
            ?? throw new EthereumFormatException("The signature does not recover to a public key.");
        return Secp256k1.EncodeXY(point);
    }

    /// <summary>The address that signed <paramref name="hash"/>.</summary>
    public static Address RecoverAddress(ReadOnlySpan<byte> hash, Signature signature) =>
        Address.FromPublicKeyXY(RecoverPublicKey(hash, signature));

    internal static ECPoint? Recover(ReadOnlySpan<byte> hash, byte[] rBytes, byte[] sBytes, int yParity)
    {
        var n = Secp256k1.N;
        var r = new BigInteger(1, rBytes);
        var s = new BigInteger(1, sBytes);

        // Step 1.1–1.3: x = r (recovery ids 0/1 only, j = 0); R = decompress(x, yParity).
        var curve = Secp256k1.Curve.Curve;
        if (r.CompareTo(curve.Field.Characteristic) >= 0)
        {
            return null;
        }

        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 + yParity);
        var x = r.ToByteArrayUnsigned();
        x.CopyTo(compressed, 33 - x.Length);
        ECPoint bigR;
        try
        {
            bigR = curve.DecodePoint(compressed);
        }
        catch (ArgumentException)
        {
            return null;
        }

        // Step 1.5–1.6: Q = r⁻¹ (sR − eG).
        var e = new BigInteger(1, hash.ToArray());
        var rInverse = r.ModInverse(n);
        var u1 = n.Subtract(e).Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.Curve.G, u1, bigR, u2).Normalize();
        return q.IsInfinity ? null : q;
    }
}
