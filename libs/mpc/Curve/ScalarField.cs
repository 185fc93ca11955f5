using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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
    private const ulong QInvNeg = 0x4B0DFF665588B13FUL;

    /// <summary>R^2 mod q with R = 2^256 (converts into the Montgomery domain).</summary>
    internal static readonly Limbs RSquared = new(0x896CF21467D7D140UL, 0x741496C20E7CF878UL, 0xE697F5E45BCD07C6UL, 0x9D671CD581C69BC5UL);

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
        var carry = Limb.Add4(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var s0, out var s1, out var s2, out var s3);
        return ReduceOnce(s0, s1, s2, s3, carry);
    }

    /// <summary>r = a - b mod q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Limbs Sub(in Limbs a, in Limbs b)
    {
        var borrow = Limb.Sub4(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var d0, out var d1, out var d2, out var d3);
        // If it borrowed, add q back (mask is all-ones exactly when borrow == 1).
        var mask = 0UL - borrow;
        ulong carry = 0;
        d0 = Limb.AddCarry(d0, Q0 & mask, ref carry);
        d1 = Limb.AddCarry(d1, Q1 & mask, ref carry);
        d2 = Limb.AddCarry(d2, Q2 & mask, ref carry);
        d3 = Limb.AddCarry(d3, Q3 & mask, ref carry);
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
        var d0 = Limb.SubBorrow(s0, Q0, ref borrow);
        var d1 = Limb.SubBorrow(s1, Q1, ref borrow);
        var d2 = Limb.SubBorrow(s2, Q2, ref borrow);
        var d3 = Limb.SubBorrow(s3, Q3, ref borrow);
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
        // CIOS unrolled over the limbs of b, all state in locals: t accumulates
        // (a * b_i + m * q) / 2^64 limb by limb and stays below 2q; one masked subtraction finishes.
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MontgomeryStep(a0, a1, a2, a3, b.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomeryStep(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        return ReduceOnce(t0, t1, t2, t3, t4);
    }

    /// <summary>
    /// (a*b + c*d)*R^-1 mod q with a single Montgomery reduction: CIOS where each step adds both
    /// a*b_i and c*d_i before reducing. Requires a, c &lt; q (b, d any 256-bit values); then t stays
    /// below 3q (t' &lt; (3q + 3q*(2^64 - 1)) / 2^64), so one subtraction of q over five limbs and one
    /// <see cref="ReduceOnce"/> finish.
    /// </summary>
    internal static Limbs MontgomeryMultiplySum(in Limbs a, in Limbs b, in Limbs c, in Limbs d)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong c0 = c.L0, c1 = c.L1, c2 = c.L2, c3 = c.L3;
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
        MontgomerySumStep(a0, a1, a2, a3, b.L0, c0, c1, c2, c3, d.L0, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomerySumStep(a0, a1, a2, a3, b.L1, c0, c1, c2, c3, d.L1, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomerySumStep(a0, a1, a2, a3, b.L2, c0, c1, c2, c3, d.L2, ref t0, ref t1, ref t2, ref t3, ref t4);
        MontgomerySumStep(a0, a1, a2, a3, b.L3, c0, c1, c2, c3, d.L3, ref t0, ref t1, ref t2, ref t3, ref t4);
        // t < 3q: subtract q when t >= q (masked, over five limbs), then t < 2q.
        ulong borrow = 0;
        var e0 = Limb.SubBorrow(t0, Q0, ref borrow);
        var e1 = Limb.SubBorrow(t1, Q1, ref borrow);
        var e2 = Limb.SubBorrow(t2, Q2, ref borrow);
        var e3 = Limb.SubBorrow(t3, Q3, ref borrow);
        var e4 = Limb.SubBorrow(t4, 0, ref borrow);
        var keep = 0UL - (borrow ^ 1);
        return ReduceOnce(
            (e0 & keep) | (t0 & ~keep),
            (e1 & keep) | (t1 & ~keep),
            (e2 & keep) | (t2 & ~keep),
            (e3 & keep) | (t3 & ~keep),
            (e4 & keep) | (t4 & ~keep));
    }

    /// <summary>One step of <see cref="MontgomeryMultiplySum"/>: t = (t + a * b_i + c * d_i + m * q) / 2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontgomerySumStep(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi, ulong c0, ulong c1, ulong c2, ulong c3, ulong di,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
    {
        ulong t5 = 0;
        AddRowProduct(a0, a1, a2, a3, bi, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        AddRowProduct(c0, c1, c2, c3, di, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        ReduceStep(ref t0, ref t1, ref t2, ref t3, ref t4, t5);
    }

    /// <summary>One CIOS step: t = (t + a * b_i + m * q) / 2^64 with m chosen so that the low limb vanishes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontgomeryStep(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4)
    {
        ulong t5 = 0;
        AddRowProduct(a0, a1, a2, a3, bi, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5);
        ReduceStep(ref t0, ref t1, ref t2, ref t3, ref t4, t5);
    }

    /// <summary>(t5:t4:t3:t2:t1:t0) += a * b_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRowProduct(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4, ref ulong t5)
    {
        ulong carry = 0;
        t0 = Limb.MulAdd(a0, bi, t0, ref carry);
        t1 = Limb.MulAdd(a1, bi, t1, ref carry);
        t2 = Limb.MulAdd(a2, bi, t2, ref carry);
        t3 = Limb.MulAdd(a3, bi, t3, ref carry);
        t4 += carry;
        t5 += Limb.CarryOf(t4, carry);
    }

    /// <summary>t = (t5:t4:t3:t2:t1:t0 + m * q) / 2^64 with m = t0 * (-q^-1) mod 2^64, so the low limb vanishes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceStep(ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ref ulong t4, ulong t5)
    {
        var m = t0 * QInvNeg;
        ulong carry = 0;
        _ = Limb.MulAdd(m, Q0, t0, ref carry);
        t0 = Limb.MulAdd(m, Q1, t1, ref carry);
        t1 = Limb.MulAdd(m, Q2, t2, ref carry);
        t2 = Limb.MulAdd(m, Q3, t3, ref carry);
        t3 = t4 + carry;
        t4 = t5 + Limb.CarryOf(t3, carry);
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
        _ = Limb.SubBorrow(a.L0, Q0, ref borrow);
        _ = Limb.SubBorrow(a.L1, Q1, ref borrow);
        _ = Limb.SubBorrow(a.L2, Q2, ref borrow);
        _ = Limb.SubBorrow(a.L3, Q3, ref borrow);
        return borrow == 1;
    }

    /// <summary>Recomputes -q^-1 mod 2^64 (tests check the constant against it).</summary>
    internal static ulong QInvNegConstant => QInvNeg;

    internal static ulong ComputeQInvNeg()
    {
        // Newton iteration for q^-1 mod 2^64: x <- x * (2 - q*x) doubles the correct bits.
        ulong x = 1;
        for (var i = 0; i < 7; i++)
        {
            x *= 2 - (Q0 * x);
        }
        return 0UL - x;
    }

    /// <summary>Recomputes R^2 mod q (tests check the constant against it).</summary>
    internal static Limbs ComputeRSquared()
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
