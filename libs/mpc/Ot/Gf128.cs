using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Custody.Mpc.Ot;

/// <summary>
/// GF(2^128) = GF(2)[X] / (X^128 + X^7 + X^2 + X + 1) for the KOS15 consistency check. Bit i of
/// an element is bit (i mod 64) of <c>Lo</c> (i &lt; 64) or <c>Hi</c>; rows of the extension
/// matrix (16 bytes, little-endian) map to elements the same way. Products are accumulated
/// unreduced (<see cref="Gf256Accumulator"/>) and reduced once, since reduction is linear.
/// </summary>
internal readonly record struct Gf128(ulong Lo, ulong Hi)
{
    public static Gf128 Read(ReadOnlySpan<byte> bytes16) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes16),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes16[8..]));

    public void Write(Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination, Lo);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], Hi);
    }

    public static Gf128 operator ^(Gf128 left, Gf128 right) => new(left.Lo ^ right.Lo, left.Hi ^ right.Hi);

    public static Gf128 Xor(Gf128 left, Gf128 right) => left ^ right;

    /// <summary>Full product a*b reduced modulo the field polynomial.</summary>
    public static Gf128 Multiply(Gf128 a, Gf128 b)
    {
        var accumulator = default(Gf256Accumulator);
        accumulator.AddProduct(a, b);
        return accumulator.Reduce();
    }

    /// <summary>Constant-time equality.</summary>
    public bool FixedTimeEquals(Gf128 other) => ((Lo ^ other.Lo) | (Hi ^ other.Hi)) == 0;
}

/// <summary>Sum of unreduced 256-bit carry-less products.</summary>
internal struct Gf256Accumulator
{
    private ulong _w0, _w1, _w2, _w3;

    /// <summary>Adds (XORs) the unreduced carry-less product a*b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddProduct(Gf128 a, Gf128 b)
    {
        // Karatsuba-free schoolbook: four 64x64 carry-less products.
        var (ll0, ll1) = CarrylessMultiply(a.Lo, b.Lo);
        var (hh0, hh1) = CarrylessMultiply(a.Hi, b.Hi);
        var (lh0, lh1) = CarrylessMultiply(a.Lo, b.Hi);
        var (hl0, hl1) = CarrylessMultiply(a.Hi, b.Lo);
        _w0 ^= ll0;
        _w1 ^= ll1 ^ lh0 ^ hl0;
        _w2 ^= hh0 ^ lh1 ^ hl1;
        _w3 ^= hh1;
    }

    /// <summary>Adds an element (as the low half).</summary>
    public void Add(Gf128 a)
    {
        _w0 ^= a.Lo;
        _w1 ^= a.Hi;
    }

    /// <summary>Reduces modulo X^128 + X^7 + X^2 + X + 1, using X^128 = X^7 + X^2 + X + 1.</summary>
    public readonly Gf128 Reduce()
    {
        // high * (X^7 + X^2 + X + 1): shifts by 0, 1, 2, 7; bits shifted past 128 are folded again.
        var h0 = _w2;
        var h1 = _w3;
        var overflow = (h1 >> 63) ^ (h1 >> 62) ^ (h1 >> 57);
        var r0 = h0 ^ (h0 << 1) ^ (h0 << 2) ^ (h0 << 7);
        var r1 = h1 ^ ((h1 << 1) | (h0 >> 63)) ^ ((h1 << 2) | (h0 >> 62)) ^ ((h1 << 7) | (h0 >> 57));
        // overflow has at most 7 bits, so overflow * (X^7 + X^2 + X + 1) fits in 64 bits.
        r0 ^= overflow ^ (overflow << 1) ^ (overflow << 2) ^ (overflow << 7);
        return new Gf128(_w0 ^ r0, _w1 ^ r1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (ulong Lo, ulong Hi) CarrylessMultiply(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            var product = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(b), 0x00);
            return (product.GetElement(0), product.GetElement(1));
        }
        return CarrylessMultiplySoftware(a, b);
    }

    /// <summary>Portable carry-less multiplication (no branches on the operands).</summary>
    internal static (ulong Lo, ulong Hi) CarrylessMultiplySoftware(ulong a, ulong b)
    {
        ulong lo = 0, hi = 0;
        for (var i = 0; i < 64; i++)
        {
            var mask = 0UL - ((b >> i) & 1);
            lo ^= (a << i) & mask;
            hi ^= i == 0 ? 0 : (a >> (64 - i)) & mask;
        }
        return (lo, hi);
    }
}
