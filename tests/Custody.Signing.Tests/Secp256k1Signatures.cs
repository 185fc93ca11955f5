using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Mpc.Curve;
using Custody.Mpc.Signing;

namespace Custody.Signing.Tests;

/// <summary>Independent checks of threshold signatures: .NET's (OpenSSL's) ECDSA verification on secp256k1.</summary>
internal static class Secp256k1Signatures
{
    public static bool VerifiesUnder(Point publicKey, byte[] hash, byte[] compact)
    {
        var uncompressed = publicKey.EncodeUncompressed();
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.CreateFromOid(new Oid("1.3.132.0.10")),
            Q = new ECPoint { X = uncompressed[1..33], Y = uncompressed[33..] },
        });
        return ecdsa.VerifyHash(hash, compact, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>A threshold signature in Ethereum's low-s form with its y parity.</summary>
    public static Signature ToEthereum(EcdsaSignature signature) =>
        Signature.CreateNormalized(UInt256.Create(signature.R), UInt256.Create(signature.S), signature.RecoveryId);
}
