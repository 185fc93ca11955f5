using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Custody.Ethereum.Signing;

/// <summary>
/// A secp256k1 private key for the single-key development path (production signing is threshold ECDSA
/// in libs/mpc). The scalar is held in a private buffer wiped on <see cref="Dispose"/>; it is never
/// returned by ToString, exception messages or any accessor other than <see cref="CopyTo"/>.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    public const int ByteLength = 32;

    private readonly byte[] _secret;
    private bool _disposed;

    private PrivateKey(byte[] secret)
    {
        _secret = secret;
        var point = Secp256k1.Curve.G.Multiply(new BcBigInteger(1, _secret)).Normalize();
        var publicKey = Secp256k1.EncodeXY(point);
        PublicKey = publicKey;
        Address = Address.FromPublicKeyXY(publicKey);
    }

    /// <summary>The 64-byte x‖y public key.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    public Address Address { get; }

    /// <summary>Validates 1 ≤ d &lt; n and copies the 32 bytes in; the caller should wipe its copy.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> secret, out PrivateKey? key)
    {
        key = null;
        if (secret.Length != ByteLength || !IsValidScalar(secret))
        {
            return false;
        }

        key = new PrivateKey(secret.ToArray());
        return true;
    }

    public static PrivateKey Create(ReadOnlySpan<byte> secret) =>
        TryCreate(secret, out var key)
            ? key!
            : throw new EthereumFormatException("A private key is 32 bytes encoding an integer in [1, n-1].");

    /// <summary>A fresh key drawn uniformly from [1, n−1] by rejection sampling.</summary>
    public static PrivateKey Generate()
    {
        var candidate = new byte[ByteLength];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(candidate);
                if (IsValidScalar(candidate))
                {
                    return new PrivateKey(candidate.ToArray());
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>
    /// Signs a 32-byte hash with RFC 6979 deterministic nonces (HMAC-SHA256), returning the low-s
    /// signature and its recovery id.
    /// </summary>
    public Signature Sign(ReadOnlySpan<byte> hash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (hash.Length != 32)
        {
            throw new ArgumentException("The message hash must be 32 bytes.", nameof(hash));
        }

        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(new BcBigInteger(1, _secret), Secp256k1.Domain));
        var hashBytes = hash.ToArray();
        var rs = signer.GenerateSignature(hashBytes);
        var r = rs[0].ToByteArrayUnsigned();
        var s = rs[1];
        if (s.CompareTo(Secp256k1.HalfN) > 0)
        {
            s = Secp256k1.N.Subtract(s);
        }

        var sBytes = s.ToByteArrayUnsigned();
        var expected = PublicKey.Span;
        for (var yParity = 0; yParity < 2; yParity++)
        {
            var candidate = SignatureRecovery.Recover(hashBytes, r, sBytes, yParity);
            if (candidate is not null && Secp256k1.EncodeXY(candidate).AsSpan().SequenceEqual(expected))
            {
                return Signature.Create(UInt256.Create(r), UInt256.Create(sBytes), yParity);
            }
        }

        // Only reachable when R.x ≥ n (probability ~2^-128), which Ethereum cannot express.
        throw new CryptographicException("The signature's recovery id is not expressible; sign again with another message.");
    }

    /// <summary>Copies the secret out (for export to a key store); the caller owns wiping it.</summary>
    public void CopyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _secret.CopyTo(destination);
    }

    public override string ToString() => $"PrivateKey(address={Address}, secret=<redacted>)";

    public void Dispose()
    {
        if (!_disposed)
        {
            CryptographicOperations.ZeroMemory(_secret);
            _disposed = true;
        }
    }

    private static bool IsValidScalar(ReadOnlySpan<byte> secret)
    {
        var copy = secret.ToArray();
        try
        {
            var d = new BcBigInteger(1, copy);
            return d.SignValue > 0 && d.CompareTo(Secp256k1.N) < 0;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }
}
