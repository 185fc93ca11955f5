using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Custody.Mpc.Curve;

/// <summary>
/// An integer modulo the secp256k1 group order q, always fully reduced. Arithmetic allocates
/// nothing and has no data-dependent branches (<see cref="ScalarField"/>). Equality is constant
/// time. <see cref="ToString"/> never prints the value.
/// </summary>
public readonly struct Scalar : IEquatable<Scalar>
{
    /// <summary>Bytes of the big-endian encoding.</summary>
    public const int ByteLength = 32;

    /// <summary>Bytes <see cref="FromWideBytes"/> reduces.</summary>
    public const int WideByteLength = 64;

    private readonly ScalarField.Limbs _limbs;

    private Scalar(in ScalarField.Limbs limbs) => _limbs = limbs;

    internal ScalarField.Limbs Limbs => _limbs;

    internal static Scalar FromLimbs(in ScalarField.Limbs limbs) => new(limbs);

    public static Scalar Zero => default;

    public static Scalar One => new(new ScalarField.Limbs(1, 0, 0, 0));

    public bool IsZero => (_limbs.L0 | _limbs.L1 | _limbs.L2 | _limbs.L3) == 0;

    /// <summary>Uniform in [0, q) by rejection sampling 256-bit strings (rejects with probability about 2^-128).</summary>
    public static Scalar Random(MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Span<byte> buffer = stackalloc byte[ByteLength];
        try
        {
            while (true)
            {
                rng.Fill(buffer);
                if (TryCreate(buffer, out var scalar))
                {
                    return scalar;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Uniform in [1, q).</summary>
    public static Scalar RandomNonZero(MpcRandom rng)
    {
        while (true)
        {
            var scalar = Random(rng);
            if (!scalar.IsZero)
            {
                return scalar;
            }
        }
    }

    /// <summary>Parses 32 bytes big-endian; false when the value is not below q (no reduction).</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bigEndian32, out Scalar scalar)
    {
        if (bigEndian32.Length != ByteLength)
        {
            scalar = default;
            return false;
        }
        var limbs = ScalarField.FromBigEndian(bigEndian32);
        if (!ScalarField.IsBelowOrder(limbs))
        {
            scalar = default;
            return false;
        }
        scalar = new Scalar(limbs);
        return true;
    }

    /// <summary>Parses 32 bytes big-endian; throws when the value is not below q.</summary>
    public static Scalar Create(ReadOnlySpan<byte> bigEndian32) =>
        TryCreate(bigEndian32, out var scalar)
            ? scalar
            : throw new ArgumentException("A scalar is 32 bytes big-endian below the group order.", nameof(bigEndian32));

    public static Scalar FromUInt64(ulong value) => new(new ScalarField.Limbs(value, 0, 0, 0));

    /// <summary>
    /// Reduces 32 bytes big-endian modulo q. The result is at statistical distance below 2^-127
    /// from uniform when the input is uniform (q &gt; 2^256 - 2^129); for public hashing only.
    /// </summary>
    public static Scalar FromBytesReduced(ReadOnlySpan<byte> bigEndian32)
    {
        if (bigEndian32.Length != ByteLength)
        {
            throw new ArgumentException("Expected 32 bytes.", nameof(bigEndian32));
        }
        var l = ScalarField.FromBigEndian(bigEndian32);
        return new Scalar(ScalarField.ReduceOnce(l.L0, l.L1, l.L2, l.L3, 0));
    }

    /// <summary>Reduces 64 bytes big-endian modulo q ("wide reduction": bias below 2^-256).</summary>
    public static Scalar FromWideBytes(ReadOnlySpan<byte> bigEndian64)
    {
        if (bigEndian64.Length != WideByteLength)
        {
            throw new ArgumentException("Expected 64 bytes.", nameof(bigEndian64));
        }
        // value = hi * 2^256 + lo; hi * 2^256 mod q is the Montgomery conversion of hi.
        var hi = ScalarField.FromBigEndian(bigEndian64[..32]);
        var lo = ScalarField.FromBigEndian(bigEndian64[32..]);
        var hiShifted = ScalarField.ToMontgomery(hi);
        var loReduced = ScalarField.ReduceOnce(lo.L0, lo.L1, lo.L2, lo.L3, 0);
        return new Scalar(ScalarField.Add(hiShifted, loReduced));
    }

    /// <summary>
    /// Hash to a scalar: SHA-512( u32(len tag) || tag || data ) gives 64 bytes, reduced modulo q
    /// (bias below 2^-256). The tag separates domains; callers pass a distinct tag per use.
    /// </summary>
    public static Scalar HashToScalar(ReadOnlySpan<byte> domainTag, ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)domainTag.Length);
        hash.AppendData(length);
        hash.AppendData(domainTag);
        hash.AppendData(data);
        Span<byte> digest = stackalloc byte[WideByteLength];
        hash.GetHashAndReset(digest);
        return FromWideBytes(digest);
    }

    /// <summary>Returns <paramref name="ifOne"/> when bit is 1 and <paramref name="ifZero"/> when it is 0, without branching.</summary>
    internal static Scalar Select(int bit, Scalar ifOne, Scalar ifZero)
    {
        var mask = 0UL - (ulong)(bit & 1);
        var a = ifOne._limbs;
        var b = ifZero._limbs;
        return new Scalar(new ScalarField.Limbs(
            (a.L0 & mask) | (b.L0 & ~mask),
            (a.L1 & mask) | (b.L1 & ~mask),
            (a.L2 & mask) | (b.L2 & ~mask),
            (a.L3 & mask) | (b.L3 & ~mask)));
    }

    /// <summary>2 * this.</summary>
    internal Scalar Double() => new(ScalarField.Add(_limbs, _limbs));

    public static Scalar operator +(Scalar left, Scalar right) => new(ScalarField.Add(left._limbs, right._limbs));

    public static Scalar operator -(Scalar left, Scalar right) => new(ScalarField.Sub(left._limbs, right._limbs));

    public static Scalar operator -(Scalar value) => new(ScalarField.Negate(value._limbs));

    public static Scalar operator *(Scalar left, Scalar right) => new(ScalarField.Multiply(left._limbs, right._limbs));

    public static Scalar Add(Scalar left, Scalar right) => left + right;

    public static Scalar Subtract(Scalar left, Scalar right) => left - right;

    public static Scalar Multiply(Scalar left, Scalar right) => left * right;

    public static Scalar Negate(Scalar value) => -value;

    /// <summary>Multiplicative inverse; throws for zero.</summary>
    public Scalar Invert() =>
        IsZero ? throw new InvalidOperationException("Zero has no inverse.") : new Scalar(ScalarField.Invert(_limbs));

    /// <summary>Writes 32 bytes big-endian.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException("Need 32 bytes.", nameof(destination));
        }
        ScalarField.ToBigEndian(_limbs, destination);
    }

    /// <summary>32 bytes big-endian (callers wipe the array when the scalar is secret).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Constant-time equality.</summary>
    public bool Equals(Scalar other) =>
        ((_limbs.L0 ^ other._limbs.L0) | (_limbs.L1 ^ other._limbs.L1) | (_limbs.L2 ^ other._limbs.L2) | (_limbs.L3 ^ other._limbs.L3)) == 0;

    public override bool Equals(object? obj) => obj is Scalar other && Equals(other);

    /// <summary>Not derived from the value (a scalar may be secret).</summary>
    public override int GetHashCode() => 0;

    public override string ToString() => "Scalar(***)";

    public static bool operator ==(Scalar left, Scalar right) => left.Equals(right);

    public static bool operator !=(Scalar left, Scalar right) => !left.Equals(right);
}
