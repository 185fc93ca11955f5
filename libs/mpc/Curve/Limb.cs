using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Custody.Mpc.Curve;

/// <summary>
/// 64-bit limb primitives shared by the scalar field (<see cref="ScalarField"/>) and the base field
/// (<see cref="FieldElement"/>). Carries are unsigned comparisons materialised as values (CLT.UN in IL,
/// CMP+SETB on x64, checked in the JIT's output), never jumps, so no branch depends on the data.
/// </summary>
internal static class Limb
{
    /// <summary>Returns the low limb of x*y + add + carry and sets carry to the high limb (the sum is below 2^128).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulAdd(ulong x, ulong y, ulong add, ref ulong carry)
    {
        // High half by MULX when available: no out-parameter, so nothing is forced to the stack.
        var hi = Bmi2.X64.IsSupported ? Bmi2.X64.MultiplyNoFlags(x, y) : Math.BigMul(x, y, out _);
        var lo = x * y;
        var sum1 = lo + add;
        var sum2 = sum1 + carry;
        carry = hi + CarryOf(sum1, lo) + CarryOf(sum2, sum1);
        return sum2;
    }

    /// <summary>x + y + carry (carry is 0 or 1); sets carry to the carry out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddCarry(ulong x, ulong y, ref ulong carry)
    {
        var sum = x + y;
        var result = sum + carry;
        carry = CarryOf(sum, x) | CarryOf(result, sum);
        return result;
    }

    /// <summary>x - y - borrow (borrow is 0 or 1); sets borrow to the borrow out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong SubBorrow(ulong x, ulong y, ref ulong borrow)
    {
        var difference = x - y;
        var result = difference - borrow;
        borrow = CarryOf(x, y) | CarryOf(difference, borrow);
        return result;
    }

    /// <summary>(s3:s2:s1:s0) = a + b over four limbs; returns the carry out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add4(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3, out ulong s0, out ulong s1, out ulong s2, out ulong s3)
    {
        ulong carry = 0;
        s0 = AddCarry(a0, b0, ref carry);
        s1 = AddCarry(a1, b1, ref carry);
        s2 = AddCarry(a2, b2, ref carry);
        s3 = AddCarry(a3, b3, ref carry);
        return carry;
    }

    /// <summary>(d3:d2:d1:d0) = a - b over four limbs (wrapping); returns the borrow out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub4(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3, out ulong d0, out ulong d1, out ulong d2, out ulong d3)
    {
        ulong borrow = 0;
        d0 = SubBorrow(a0, b0, ref borrow);
        d1 = SubBorrow(a1, b1, ref borrow);
        d2 = SubBorrow(a2, b2, ref borrow);
        d3 = SubBorrow(a3, b3, ref borrow);
        return borrow;
    }

    /// <summary>1 when x is not zero, else 0, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong IsNonZero(ulong x) => (x | (0UL - x)) >> 63;

    /// <summary>1 when a wrapped sum is below one of its terms (it carried), else 0; also "x &lt; y" as a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong CarryOf(ulong sum, ulong term) => Unsafe.BitCast<bool, byte>(sum < term);
}
