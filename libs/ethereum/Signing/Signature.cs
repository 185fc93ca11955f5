using System.Numerics;

namespace Custody.Ethereum.Signing;

/// <summary>
/// A secp256k1 ECDSA signature in Ethereum's form (r, s, yParity). Construction enforces
/// 1 ≤ r &lt; n, 1 ≤ s ≤ n/2 (low-s, EIP-2) and yParity ∈ {0, 1}.
/// </summary>
public readonly struct Signature : IEquatable<Signature>
{
    private static readonly UInt256 N = UInt256.Create(new BigInteger(Secp256k1.N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true));
    private static readonly UInt256 HalfN = UInt256.Create(new BigInteger(Secp256k1.HalfN.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true));

    private Signature(UInt256 r, UInt256 s, byte yParity)
    {
        R = r;
        S = s;
        YParity = yParity;
    }

    public UInt256 R { get; }

    public UInt256 S { get; }

    /// <summary>Parity of the y coordinate of the ephemeral point R (the recovery id, 0 or 1).</summary>
    public byte YParity { get; }

    /// <summary>Validates and creates a low-s signature. High s, zero or out-of-range values are refused.</summary>
    public static bool TryCreate(UInt256 r, UInt256 s, int yParity, out Signature signature)
    {
        signature = default;
        if (r.IsZero || r >= N || s.IsZero || s > HalfN || (yParity != 0 && yParity != 1))
        {
            return false;
        }

        signature = new Signature(r, s, (byte)yParity);
        return true;
    }

    public static Signature Create(UInt256 r, UInt256 s, int yParity) =>
        TryCreate(r, s, yParity, out var signature)
            ? signature
            : throw new EthereumFormatException("Invalid signature: need 1 <= r < n, 1 <= s <= n/2 (low-s) and yParity 0 or 1.");

    /// <summary>
    /// Adapts a raw ECDSA signature with recovery id (as produced by a threshold signer) to Ethereum's
    /// low-s form: when s &gt; n/2, s becomes n − s and the recovery id flips (the signature of −k).
    /// Recovery ids 2 and 3 (r ≥ p − n overflow) cannot be expressed in a transaction and are refused.
    /// </summary>
    public static Signature CreateNormalized(UInt256 r, UInt256 s, int recoveryId)
    {
        if (recoveryId is < 0 or > 1)
        {
            throw new EthereumFormatException("Recovery id must be 0 or 1.");
        }

        if (!s.IsZero && s < N && s > HalfN)
        {
            return Create(r, N - s, recoveryId ^ 1);
        }

        return Create(r, s, recoveryId);
    }

    /// <summary>The 65-byte r ‖ s ‖ v form with v = 27 + yParity (as eth_sign / ecrecover use).</summary>
    public byte[] ToRsv()
    {
        var bytes = new byte[65];
        R.WriteBigEndian(bytes.AsSpan(0, 32));
        S.WriteBigEndian(bytes.AsSpan(32, 32));
        bytes[64] = (byte)(27 + YParity);
        return bytes;
    }

    public override string ToString() => $"Signature(r={R.ToHexQuantity()}, s={S.ToHexQuantity()}, yParity={YParity})";

    public bool Equals(Signature other) => R == other.R && S == other.S && YParity == other.YParity;

    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(R, S, YParity);

    public static bool operator ==(Signature left, Signature right) => left.Equals(right);

    public static bool operator !=(Signature left, Signature right) => !left.Equals(right);
}
