using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Custody.Mpc.Curve;

/// <summary>
/// An element of the secp256k1 base field GF(p), p = 2^256 - 2^32 - 977 (SEC 2 v2, 2.4.1), on four
/// 64-bit little-endian limbs, always fully reduced (below p). Reduction uses the special form of p:
/// 2^256 = 2^32 + 977 (mod p), so the high half of a product is folded in with small multiplications.
/// Arithmetic has no data-dependent branches (carries from <see cref="Limb"/>); exponentiations use
/// fixed addition chains.
/// </summary>
internal readonly struct FieldElement : IEquatable<FieldElement>
{
    /// <summary>2^256 mod p.</summary>
    private const ulong Fold = 0x1000003D1UL;

    public readonly ulong L0, L1, L2, L3;

    private FieldElement(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0;
        L1 = l1;
        L2 = l2;
        L3 = l3;
    }

    /// <summary>A constant from its limbs (the caller guarantees the value is below p).</summary>
    internal static FieldElement FromReducedLimbs(ulong l0, ulong l1, ulong l2, ulong l3) => new(l0, l1, l2, l3);

    public static FieldElement Zero => default;

    public static FieldElement One => new(1, 0, 0, 0);

    /// <summary>The curve constant b = 7 of y^2 = x^3 + 7.</summary>
    public static FieldElement B => new(7, 0, 0, 0);

    public bool IsZero => (L0 | L1 | L2 | L3) == 0;

    /// <summary>Lowest bit of the canonical value (the SEC 1 "y parity").</summary>
    public bool IsOdd => (L0 & 1) != 0;

    /// <summary>Parses 32 bytes big-endian; false when the value is not below p.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bigEndian32, out FieldElement element)
    {
        element = default;
        if (bigEndian32.Length != 32)
        {
            return false;
        }
        var l3 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32);
        var l2 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[8..]);
        var l1 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[16..]);
        var l0 = BinaryPrimitives.ReadUInt64BigEndian(bigEndian32[24..]);
        // value >= p exactly when value + (2^256 - p) overflows 256 bits.
        ulong carry = 0;
        _ = Limb.AddCarry(l0, Fold, ref carry);
        _ = Limb.AddCarry(l1, 0, ref carry);
        _ = Limb.AddCarry(l2, 0, ref carry);
        _ = Limb.AddCarry(l3, 0, ref carry);
        if (carry != 0)
        {
            return false;
        }
        element = new FieldElement(l0, l1, l2, l3);
        return true;
    }

    /// <summary>Writes 32 bytes big-endian.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator +(in FieldElement a, in FieldElement b)
    {
        var carry = Limb.Add4(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var s0, out var s1, out var s2, out var s3);
        return ReduceOnce(s0, s1, s2, s3, carry);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement operator -(in FieldElement a, in FieldElement b)
    {
        var borrow = Limb.Sub4(a.L0, a.L1, a.L2, a.L3, b.L0, b.L1, b.L2, b.L3, out var d0, out var d1, out var d2, out var d3);
        // On borrow the limbs hold a - b + 2^256; adding p is subtracting 2^256 - p.
        var mask = 0UL - borrow;
        borrow = 0;
        d0 = Limb.SubBorrow(d0, Fold & mask, ref borrow);
        d1 = Limb.SubBorrow(d1, 0, ref borrow);
        d2 = Limb.SubBorrow(d2, 0, ref borrow);
        d3 = Limb.SubBorrow(d3, 0, ref borrow);
        return new FieldElement(d0, d1, d2, d3);
    }

    public static FieldElement operator -(in FieldElement a) => Zero - a;

    public static FieldElement operator *(in FieldElement a, in FieldElement b)
    {
        ulong c = 0;
        var t0 = Limb.MulAdd(a.L0, b.L0, 0, ref c);
        var t1 = Limb.MulAdd(a.L1, b.L0, 0, ref c);
        var t2 = Limb.MulAdd(a.L2, b.L0, 0, ref c);
        var t3 = Limb.MulAdd(a.L3, b.L0, 0, ref c);
        var t4 = c;
        c = 0;
        t1 = Limb.MulAdd(a.L0, b.L1, t1, ref c);
        t2 = Limb.MulAdd(a.L1, b.L1, t2, ref c);
        t3 = Limb.MulAdd(a.L2, b.L1, t3, ref c);
        t4 = Limb.MulAdd(a.L3, b.L1, t4, ref c);
        var t5 = c;
        c = 0;
        t2 = Limb.MulAdd(a.L0, b.L2, t2, ref c);
        t3 = Limb.MulAdd(a.L1, b.L2, t3, ref c);
        t4 = Limb.MulAdd(a.L2, b.L2, t4, ref c);
        t5 = Limb.MulAdd(a.L3, b.L2, t5, ref c);
        var t6 = c;
        c = 0;
        t3 = Limb.MulAdd(a.L0, b.L3, t3, ref c);
        t4 = Limb.MulAdd(a.L1, b.L3, t4, ref c);
        t5 = Limb.MulAdd(a.L2, b.L3, t5, ref c);
        t6 = Limb.MulAdd(a.L3, b.L3, t6, ref c);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, c);
    }

    /// <summary>this^2 with the 6 cross products computed once and doubled (10 limb products instead of 16).</summary>
    public FieldElement Square()
    {
        // Cross products a_i * a_j for i < j into t1..t6.
        ulong c = 0;
        var t1 = Limb.MulAdd(L0, L1, 0, ref c);
        var t2 = Limb.MulAdd(L0, L2, 0, ref c);
        var t3 = Limb.MulAdd(L0, L3, 0, ref c);
        var t4 = c;
        c = 0;
        t3 = Limb.MulAdd(L1, L2, t3, ref c);
        t4 = Limb.MulAdd(L1, L3, t4, ref c);
        var t5 = c;
        c = 0;
        t5 = Limb.MulAdd(L2, L3, t5, ref c);
        var t6 = c;
        // Double them (shift left by one bit across limbs).
        var t7 = t6 >> 63;
        t6 = (t6 << 1) | (t5 >> 63);
        t5 = (t5 << 1) | (t4 >> 63);
        t4 = (t4 << 1) | (t3 >> 63);
        t3 = (t3 << 1) | (t2 >> 63);
        t2 = (t2 << 1) | (t1 >> 63);
        t1 <<= 1;
        // Add the squares a_i^2 at limb 2i.
        c = 0;
        var t0 = Limb.MulAdd(L0, L0, 0, ref c);
        ulong carry = 0;
        t1 = Limb.AddCarry(t1, c, ref carry);
        c = 0;
        var square1 = Limb.MulAdd(L1, L1, 0, ref c);
        t2 = Limb.AddCarry(t2, square1, ref carry);
        t3 = Limb.AddCarry(t3, c, ref carry);
        c = 0;
        var square2 = Limb.MulAdd(L2, L2, 0, ref c);
        t4 = Limb.AddCarry(t4, square2, ref carry);
        t5 = Limb.AddCarry(t5, c, ref carry);
        c = 0;
        var square3 = Limb.MulAdd(L3, L3, 0, ref c);
        t6 = Limb.AddCarry(t6, square3, ref carry);
        t7 = Limb.AddCarry(t7, c, ref carry);
        return Reduce(t0, t1, t2, t3, t4, t5, t6, t7);
    }

    /// <summary>this^(2^k): k squarings.</summary>
    public FieldElement SquareTimes(int k)
    {
        var r = this;
        for (var i = 0; i < k; i++)
        {
            r = r.Square();
        }
        return r;
    }

    /// <summary>
    /// this^(p-2) = this^-1 (Fermat; zero maps to zero). The exponent's bits are
    /// [223 ones] 0 [22 ones] 0000101101, computed with a fixed addition chain.
    /// </summary>
    public FieldElement Invert()
    {
        var (x2, t) = Ones223Then0Then22(this);
        t = t.SquareTimes(5) * this;
        t = t.SquareTimes(3) * x2;
        return t.SquareTimes(2) * this;
    }

    /// <summary>
    /// A square root when one exists: this^((p+1)/4) (p = 3 mod 4), whose bits are
    /// [223 ones] 0 [22 ones] 00001100. Returns false when this is not a square.
    /// </summary>
    public bool TrySqrt(out FieldElement root)
    {
        var (x2, t) = Ones223Then0Then22(this);
        t = t.SquareTimes(6) * x2;
        root = t.SquareTimes(2);
        return root.Square() == this;
    }

    /// <summary>Returns a when the flag is 1 and b when it is 0, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FieldElement Select(ulong flag, in FieldElement a, in FieldElement b)
    {
        var mask = 0UL - (flag & 1);
        return new FieldElement(
            (a.L0 & mask) | (b.L0 & ~mask),
            (a.L1 & mask) | (b.L1 & ~mask),
            (a.L2 & mask) | (b.L2 & ~mask),
            (a.L3 & mask) | (b.L3 & ~mask));
    }

    /// <summary>1 when the element is zero, else 0, without branching.</summary>
    public ulong IsZeroFlag()
    {
        return Limb.IsNonZero(L0 | L1 | L2 | L3) ^ 1;
    }

    public bool Equals(FieldElement other) => ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public override bool Equals(object? obj) => obj is FieldElement other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(L0, L3);

    public static bool operator ==(in FieldElement left, in FieldElement right) => left.Equals(right);

    public static bool operator !=(in FieldElement left, in FieldElement right) => !left.Equals(right);

    /// <summary>The common prefix of both exponents: returns a^3 and a^(bits [223 ones] 0 [22 ones]).</summary>
    private static (FieldElement X2, FieldElement Prefix) Ones223Then0Then22(in FieldElement a)
    {
        // x_k = a^(2^k - 1)
        var x2 = a.Square() * a;
        var x3 = x2.Square() * a;
        var x6 = x3.SquareTimes(3) * x3;
        var x9 = x6.SquareTimes(3) * x3;
        var x11 = x9.SquareTimes(2) * x2;
        var x22 = x11.SquareTimes(11) * x11;
        var x44 = x22.SquareTimes(22) * x22;
        var x88 = x44.SquareTimes(44) * x44;
        var x176 = x88.SquareTimes(88) * x88;
        var x220 = x176.SquareTimes(44) * x44;
        var x223 = x220.SquareTimes(3) * x3;
        return (x2, x223.SquareTimes(23) * x22);
    }

    /// <summary>Reduces the 512-bit value t7:...:t0 modulo p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7)
    {
        // t = high * 2^256 + low = high * Fold + low (mod p); the sum has at most 290 bits.
        ulong c = 0;
        var r0 = Limb.MulAdd(t4, Fold, t0, ref c);
        var r1 = Limb.MulAdd(t5, Fold, t1, ref c);
        var r2 = Limb.MulAdd(t6, Fold, t2, ref c);
        var r3 = Limb.MulAdd(t7, Fold, t3, ref c);
        // Fold the 34-bit top limb once more.
        ulong top = 0;
        r0 = Limb.MulAdd(c, Fold, r0, ref top);
        ulong carry = 0;
        r1 = Limb.AddCarry(r1, top, ref carry);
        r2 = Limb.AddCarry(r2, 0, ref carry);
        r3 = Limb.AddCarry(r3, 0, ref carry);
        // A final carry means the value is 2^256 + (small r): add Fold (no further overflow possible).
        var mask = 0UL - carry;
        carry = 0;
        r0 = Limb.AddCarry(r0, Fold & mask, ref carry);
        r1 = Limb.AddCarry(r1, 0, ref carry);
        r2 = Limb.AddCarry(r2, 0, ref carry);
        r3 = Limb.AddCarry(r3, 0, ref carry);
        return ReduceOnce(r0, r1, r2, r3, 0);
    }

    /// <summary>Reduces carry:s3:s2:s1:s0 (below 2p) into [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FieldElement ReduceOnce(ulong s0, ulong s1, ulong s2, ulong s3, ulong carry)
    {
        // s - p = s + Fold - 2^256: take it when s + Fold overflows (s >= p) or s already did.
        ulong overflow = 0;
        var d0 = Limb.AddCarry(s0, Fold, ref overflow);
        var d1 = Limb.AddCarry(s1, 0, ref overflow);
        var d2 = Limb.AddCarry(s2, 0, ref overflow);
        var d3 = Limb.AddCarry(s3, 0, ref overflow);
        var mask = 0UL - (overflow | carry);
        return new FieldElement(
            (d0 & mask) | (s0 & ~mask),
            (d1 & mask) | (s1 & ~mask),
            (d2 & mask) | (s2 & ~mask),
            (d3 & mask) | (s3 & ~mask));
    }
}
