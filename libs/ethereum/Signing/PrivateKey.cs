using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC.Multiplier;
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

    private static readonly FixedPointCombMultiplier Multiplier = new();

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
    /// Signs a 32-byte hash: ECDSA (SEC 1 v2 §4.1.3) with RFC 6979 deterministic nonces (HMAC-SHA256),
    /// returning the low-s signature (EIP-2) and the parity of R.y as recovery id.
    /// </summary>
    public Signature Sign(ReadOnlySpan<byte> hash)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (hash.Length != 32)
        {
            throw new ArgumentException("The message hash must be 32 bytes.", nameof(hash));
        }

        var n = Secp256k1.N;
        var d = new BcBigInteger(1, _secret);
        var message = hash.ToArray();
        var e = new BcBigInteger(1, message); // 256-bit hash and 256-bit n: no truncation (§4.1.3 step 5)
        var nonces = new HMacDsaKCalculator(new Sha256Digest());
        nonces.Init(n, d, message);
        while (true)
        {
            var k = nonces.NextK();
            var point = Multiplier.Multiply(Secp256k1.Curve.G, k).Normalize();
            var x = point.AffineXCoord.ToBigInteger();
            var r = x.Mod(n);
            if (r.SignValue == 0)
            {
                continue;
            }

            var s = k.ModInverse(n).Multiply(e.Add(d.Multiply(r))).Mod(n);
            if (s.SignValue == 0)
            {
                continue;
            }

            if (!x.Equals(r))
            {
                // R.x ≥ n (probability ~2^-128): recovery id 2 or 3, which Ethereum cannot express.
                throw new CryptographicException("The signature's recovery id is not expressible; sign another message.");
            }

            var yParity = point.AffineYCoord.TestBitZero() ? 1 : 0;
            if (s.CompareTo(Secp256k1.HalfN) > 0)
            {
                // EIP-2 low-s: (r, n − s) is the signature of −k, whose R has the opposite y parity.
                s = n.Subtract(s);
                yParity ^= 1;
            }

            return Signature.Create(UInt256.Create(r.ToByteArrayUnsigned()), UInt256.Create(s.ToByteArrayUnsigned()), yParity);
        }
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
