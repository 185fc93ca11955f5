using System.Runtime.CompilerServices;

namespace Custody.Mpc.Curve;

/// <summary>
/// Arithmetic modulo the secp256k1 group order q on four 64-bit little-endian limbs, without
/// allocation and without data-dependent branches: addition and subtraction with a masked
/// conditional correction, multiplication by Montgomery's CIOS method (Koc, Acar, Kaliski 1996).
/// Inputs are fully reduced (less than q) unless a method says otherwise.
/// </summary>
internal static class ScalarField
{
    // q = FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFE BAAEDCE6 AF48A03B BFD25E8C D0364141
    internal const ulong Q0 = 0xBFD25E8CD0364141UL;
    internal const ulong Q1 = 0xBAAEDCE6AF48A03BUL;
    internal const ulong Q2 = 0xFFFFFFFFFFFFFFFEUL;
    internal const ulong Q3 = 0xFFFFFFFFFFFFFFFFUL;

    /// <summary>-q^-1 mod 2^64.</summary>
    private static readonly ulong QInvNeg = ComputeQInvNeg();

    /// <summary>R^2 mod q with R = 2^256 (converts into the Montgomery domain).</summary>
    internal static readonly Limbs RSquared = ComputeRSquared();

    /// <summary>Four little-endian 64-bit limbs.</summary>
    internal struct Limbs
    {
        public ulong L0, L1, L2, L3;

        public Limbs(ulong l0, ulong l1, ulong l2, ulong l3)
        {
            L0 = l0;
            L1 = l1;
            L2 = l2;
            L3 = l3;
        }
    }

    /// <summary>r = a + b mod q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Limbs Add(in Limbs a, in Limbs b)
    {
        ulong carry = 0;
        var s0 = AddCarry(a.L0, b.L0, ref carry);
        var s1 = AddCarry(a.L1, b.L1, ref carry);
        var s2 = AddCarry(a.L2, b.L2, ref carry);
        var s3 = AddCarry(a.L3, b.L3, ref carry);
        return ReduceOnce(s0, s1, s2, s3, carry);
    }

    /// <summary>r = a - b mod q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Limbs Sub(in Limbs a, in Limbs b)
    {
        ulong borrow = 0;
        var d0 = SubBorrow(a.L0, b.L0, ref borrow);
        var d1 = SubBorrow(a.L1, b.L1, ref borrow);
        var d2 = SubBorrow(a.L2, b.L2, ref borrow);
        var d3 = SubBorrow(a.L3, b.L3, ref borrow);
        // If it borrowed, add q back (mask is all-ones exactly when borrow == 1).
        var mask = 0UL - borrow;
        ulong carry = 0;
        d0 = AddCarry(d0, Q0 & mask, ref carry);
        d1 = AddCarry(d1, Q1 & mask, ref carry);
        d2 = AddCarry(d2, Q2 & mask, ref carry);
        d3 = AddCarry(d3, Q3 & mask, ref carry);
        return new Limbs(d0, d1, d2, d3);
    }

    /// <summary>r = -a mod q.</summary>
    internal static Limbs Negate(in Limbs a) => Sub(default, a);

    /// <summary>
    /// Reduces a 257-bit value (carry:s3:s2:s1:s0) known to be below 2q into [0, q): subtracts q
    /// when the value is at least q.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Limbs ReduceOnce(ulong s0, ulong s1, ulong s2, ulong s3, ulong carry)
    {
        ulong borrow = 0;
        var d0 = SubBorrow(s0, Q0, ref borrow);
        var d1 = SubBorrow(s1, Q1, ref borrow);
        var d2 = SubBorrow(s2, Q2, ref borrow);
        var d3 = SubBorrow(s3, Q3, ref borrow);
        // Keep the difference when the value did not go negative: carry == 1 or borrow == 0.
        var keepDifference = 0UL - (carry | (borrow ^ 1));
        return new Limbs(
            (d0 & keepDifference) | (s0 & ~keepDifference),
            (d1 & keepDifference) | (s1 & ~keepDifference),
            (d2 & keepDifference) | (s2 & ~keepDifference),
            (d3 & keepDifference) | (s3 & ~keepDifference));
    }

    /// <summary>Montgomery product a*b*R^-1 mod q. Requires b &lt; q; a may be any 256-bit value.</summary>
    internal static Limbs MontgomeryMultiply(in Limbs a, in Limbs b)
    {
        // CIOS: t accumulates (a * b_i + m * q) / 2^64 limb by limb; t stays below 2q.
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MontgomeryStep(a, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontgomeryStep(in Limbs a, ulong bi, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
    {
        // t += a * bi
        ulong c = 0;
        t0 = MulAdd(a.L0, bi, t0, ref c);
        t1 = MulAdd(a.L1, bi, t1, ref c);
        t2 = MulAdd(a.L2, bi, t2, ref c);
        t3 = MulAdd(a.L3, bi, t3, ref c);
        ulong carry = 0;
        t4 = AddCarry(t4, c, ref carry);
        var t5 = carry;

        // t = (t + m * q) / 2^64 with m chosen so the low limb vanishes.
        var m = t0 * QInvNeg;
        c = 0;
        _ = MulAdd(m, Q0, t0, ref c);
        t0 = MulAdd(m, Q1, t1, ref c);
        t1 = MulAdd(m, Q2, t2, ref c);
        t2 = MulAdd(m, Q3, t3, ref c);
        carry = 0;
        t3 = AddCarry(t4, c, ref carry);
        t4 = t5 + carry;
    }

    /// <summary>Returns the low limb of x*y + add + carry and sets carry to the high limb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulAdd(ulong x, ulong y, ulong add, ref ulong carry)
    {
        var hi = Math.BigMul(x, y, out var lo);
        lo += add;
        hi += lo < add ? 1UL : 0UL;
        lo += carry;
        hi += lo < carry ? 1UL : 0UL;
        carry = hi;
        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(ulong x, ulong y, ref ulong carry)
    {
        var sum = x + y;
        var c1 = sum < x ? 1UL : 0UL;
        var result = sum + carry;
        var c2 = result < sum ? 1UL : 0UL;
        carry = c1 | c2;
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(ulong x, ulong y, ref ulong borrow)
    {
        var diff = x - y;
        var b1 = x < y ? 1UL : 0UL;
        var result = diff - borrow;
        var b2 = diff < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return result;
    }

    /// <summary>a*b mod q for reduced a, b.</summary>
    internal static Limbs Multiply(in Limbs a, in Limbs b) =>
        MontgomeryMultiply(MontgomeryMultiply(a, b), RSquared);

    /// <summary>Converts into the Montgomery domain: a*R mod q (a may be any 256-bit value).</summary>
    internal static Limbs ToMontgomery(in Limbs a) => MontgomeryMultiply(a, RSquared);

    /// <summary>Converts out of the Montgomery domain.</summary>
    internal static Limbs FromMontgomery(in Limbs a) => MontgomeryMultiply(a, new Limbs(1, 0, 0, 0));

    /// <summary>a^(q-2) = a^-1 mod q (Fermat); the exponent is public, so branching on its bits is fine.</summary>
    internal static Limbs Invert(in Limbs a)
    {
        ReadOnlySpan<ulong> exponent = [Q0 - 2, Q1, Q2, Q3];
        var baseMont = ToMontgomery(a);
        var result = ToMontgomery(new Limbs(1, 0, 0, 0));
        for (var limb = 3; limb >= 0; limb--)
        {
            for (var bit = 63; bit >= 0; bit--)
            {
                result = MontgomeryMultiply(result, result);
                if (((exponent[limb] >> bit) & 1) != 0)
                {
                    result = MontgomeryMultiply(result, baseMont);
                }
            }
        }
        return FromMontgomery(result);
    }

    /// <summary>True when the 256-bit value is below q (not constant time in the value; used for public rejection decisions).</summary>
    internal static bool IsBelowOrder(in Limbs a)
    {
        ulong borrow = 0;
        _ = SubBorrow(a.L0, Q0, ref borrow);
        _ = SubBorrow(a.L1, Q1, ref borrow);
        _ = SubBorrow(a.L2, Q2, ref borrow);
        _ = SubBorrow(a.L3, Q3, ref borrow);
        return borrow == 1;
    }

    private static ulong ComputeQInvNeg()
    {
        // Newton iteration for q^-1 mod 2^64: x <- x * (2 - q*x) doubles the correct bits.
        ulong x = 1;
        for (var i = 0; i < 7; i++)
        {
            x *= 2 - (Q0 * x);
        }
        return 0UL - x;
    }

    private static Limbs ComputeRSquared()
    {
        // 2^512 mod q, computed once with System.Numerics.BigInteger.
        var q = new System.Numerics.BigInteger(Secp256k1.OrderBytes, isUnsigned: true, isBigEndian: true);
        var r2 = System.Numerics.BigInteger.ModPow(2, 512, q);
        Span<byte> bytes = stackalloc byte[32];
        bytes.Clear();
        _ = r2.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: true);
        var written = r2.GetByteCount(isUnsigned: true);
        Span<byte> aligned = stackalloc byte[32];
        aligned.Clear();
        bytes[..written].CopyTo(aligned[(32 - written)..]);
        return FromBigEndian(aligned);
    }

    internal static Limbs FromBigEndian(ReadOnlySpan<byte> bytes32) => new(
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes32[24..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes32[16..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes32[8..]),
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes32));

    internal static void ToBigEndian(in Limbs a, Span<byte> destination)
    {
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination, a.L3);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[8..], a.L2);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[16..], a.L1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[24..], a.L0);
    }
}
