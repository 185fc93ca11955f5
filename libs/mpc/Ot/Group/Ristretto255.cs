using System.Security.Cryptography;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Ot.Group;

/// <summary>
/// The prime-order group ristretto255 (RFC 9496) through libsodium, for the base OT only: the OT
/// needs a group with a hash onto the group that is uniform (RFC 9496 section 4.3.4, two Elligator
/// maps and an addition) and fast constant-time scalar multiplication; the resulting OT keys are
/// symmetric strings, so the base-OT group need not be secp256k1 (the signing group). Every method
/// validates its inputs: encodings must be canonical, and the identity is refused wherever a result
/// or input must be a proper group element.
/// </summary>
internal static unsafe class Ristretto255
{
    public const int PointLength = 32;
    public const int ScalarLength = 32;
    public const int HashLength = 64;

    static Ristretto255()
    {
        if (SodiumNative.Initialize() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    /// <summary>A uniform non-zero scalar: 64 random bytes reduced mod L (bias below 2^-259).</summary>
    public static void RandomScalar(MpcRandom rng, Span<byte> scalar)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckLength(scalar.Length, ScalarLength, nameof(scalar));
        Span<byte> wide = stackalloc byte[HashLength];
        try
        {
            do
            {
                rng.Fill(wide);
                fixed (byte* r = scalar)
                fixed (byte* s = wide)
                {
                    SodiumNative.ScalarReduce(r, s);
                }
            }
            while (CryptographicOperations.FixedTimeEquals(scalar, Zero32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wide);
        }
    }

    /// <summary>point = scalar * B (B the ristretto255 base point); the scalar must be non-zero mod L.</summary>
    public static void MulBase(ReadOnlySpan<byte> scalar, Span<byte> point)
    {
        CheckLength(scalar.Length, ScalarLength, nameof(scalar));
        CheckLength(point.Length, PointLength, nameof(point));
        fixed (byte* q = point)
        fixed (byte* n = scalar)
        {
            if (SodiumNative.ScalarMultBase(q, n) != 0)
            {
                throw new ArgumentException("The scalar is zero.", nameof(scalar));
            }
        }
    }

    /// <summary>result = scalar * point; false when the point is not a valid non-identity element or the result is the identity.</summary>
    public static bool TryMul(ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point, Span<byte> result)
    {
        CheckLength(scalar.Length, ScalarLength, nameof(scalar));
        CheckLength(result.Length, PointLength, nameof(result));
        // libsodium refuses a non-canonical encoding and an identity result (which an identity input gives).
        if (point.Length != PointLength)
        {
            return false;
        }
        fixed (byte* q = result)
        fixed (byte* n = scalar)
        fixed (byte* p = point)
        {
            return SodiumNative.ScalarMult(q, n, p) == 0;
        }
    }

    /// <summary>The group element of a 64-byte uniform string (uniform on the group when the input is).</summary>
    public static void FromHash(ReadOnlySpan<byte> uniform64, Span<byte> point)
    {
        CheckLength(uniform64.Length, HashLength, nameof(uniform64));
        CheckLength(point.Length, PointLength, nameof(point));
        fixed (byte* p = point)
        fixed (byte* r = uniform64)
        {
            _ = SodiumNative.FromHash(p, r);
        }
    }

    /// <summary>result = a + b; false when an input is not a valid encoding.</summary>
    public static bool TryAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result) => Combine(a, b, result, subtract: false);

    /// <summary>result = a - b; false when an input is not a valid encoding.</summary>
    public static bool TrySubtract(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result) => Combine(a, b, result, subtract: true);

    /// <summary>True for a canonical encoding of an element other than the identity.</summary>
    public static bool IsValidElement(ReadOnlySpan<byte> point)
    {
        if (point.Length != PointLength || point.SequenceEqual(Zero32))
        {
            return false;
        }
        fixed (byte* p = point)
        {
            return SodiumNative.IsValidPoint(p) == 1;
        }
    }

    /// <summary>destination = a + b * c mod L (the Schnorr response).</summary>
    public static void ScalarMultiplyAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, Span<byte> destination)
    {
        CheckLength(a.Length, ScalarLength, nameof(a));
        CheckLength(b.Length, ScalarLength, nameof(b));
        CheckLength(c.Length, ScalarLength, nameof(c));
        CheckLength(destination.Length, ScalarLength, nameof(destination));
        Span<byte> product = stackalloc byte[ScalarLength];
        fixed (byte* z = destination)
        fixed (byte* p = product)
        fixed (byte* x = a)
        fixed (byte* y = b)
        fixed (byte* w = c)
        {
            SodiumNative.ScalarMul(p, y, w);
            SodiumNative.ScalarAdd(z, x, p);
        }
        CryptographicOperations.ZeroMemory(product);
    }

    /// <summary>destination = wide mod L for a 64-byte little-endian value (hash-to-scalar; bias below 2^-259).</summary>
    public static void ReduceWide(ReadOnlySpan<byte> wide, Span<byte> destination)
    {
        CheckLength(wide.Length, HashLength, nameof(wide));
        CheckLength(destination.Length, ScalarLength, nameof(destination));
        fixed (byte* r = destination)
        fixed (byte* s = wide)
        {
            SodiumNative.ScalarReduce(r, s);
        }
    }

    /// <summary>True when 32 little-endian bytes are a canonical scalar (below L).</summary>
    public static bool IsCanonicalScalar(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != ScalarLength)
        {
            return false;
        }
        Span<byte> wide = stackalloc byte[HashLength];
        Span<byte> reduced = stackalloc byte[ScalarLength];
        wide.Clear();
        scalar.CopyTo(wide);
        ReduceWide(wide, reduced);
        return reduced.SequenceEqual(scalar);
    }

    /// <summary>True for the encoding of the identity (32 zero bytes, the only canonical one).</summary>
    public static bool IsIdentity(ReadOnlySpan<byte> point) => point.SequenceEqual(Zero32);

    private static readonly byte[] Zero32 = new byte[PointLength];

    private static bool Combine(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result, bool subtract)
    {
        CheckLength(a.Length, PointLength, nameof(a));
        CheckLength(b.Length, PointLength, nameof(b));
        CheckLength(result.Length, PointLength, nameof(result));
        fixed (byte* r = result)
        fixed (byte* p = a)
        fixed (byte* q = b)
        {
            return (subtract ? SodiumNative.Subtract(r, p, q) : SodiumNative.Add(r, p, q)) == 0;
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes.", name);
        }
    }
}
