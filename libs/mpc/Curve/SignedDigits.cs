namespace Custody.Mpc.Curve;

/// <summary>
/// Signed radix-16 recoding of a scalar: k = sum d_i * 16^i with d_i in [-8, 7] for i &lt; 64 and
/// d_64 in {0, 1}. Signed digits halve the precomputed tables (multiples 1..8, negation is free on
/// an elliptic curve). The recoding is branch-free.
/// </summary>
internal static class SignedDigits
{
    /// <summary>Number of digits of a 256-bit scalar.</summary>
    public const int Count = 65;

    /// <summary>Multiples a table holds per window (1..8).</summary>
    public const int TableSize = 8;

    /// <summary>Digits of a half-length (at most 128-bit) scalar, as the GLV split produces.</summary>
    public const int HalfCount = 33;

    public static void Recode(Scalar k, Span<sbyte> digits) => Recode(k.Limbs, digits, Count);

    /// <summary>Recodes the low 4*(count-1) bits of the limbs into count digits (the last one is the final carry).</summary>
    public static void Recode(in ScalarField.Limbs limbs, Span<sbyte> digits, int count)
    {
        if (count is < 2 or > Count || digits.Length < count)
        {
            throw new ArgumentException("Digit count out of range.", nameof(count));
        }
        var carry = 0;
        for (var i = 0; i < count - 1; i++)
        {
            var limb = (i >> 4) switch { 0 => limbs.L0, 1 => limbs.L1, 2 => limbs.L2, _ => limbs.L3 };
            var value = (int)((limb >> ((i & 15) * 4)) & 0xF) + carry;
            // value in [0, 16]: carry exactly when value >= 8, and then the digit is value - 16.
            carry = (value + 8) >> 4;
            digits[i] = (sbyte)(value - (carry << 4));
        }
        digits[count - 1] = (sbyte)carry;
    }

    /// <summary>
    /// The affine point d * (the table's base) for a digit d in [-8, 8] read from an 8-entry table
    /// of multiples 1..8, in constant time; <paramref name="isZero"/> is 1 when d = 0 (the caller
    /// then keeps its accumulator).
    /// </summary>
    public static AffinePoint Select(ReadOnlySpan<AffinePoint> multiples, int digit, out ulong isZero) =>
        Select(multiples, digit, 0, out isZero);

    /// <summary>As above, for the digit's value times (-1)^negate (negate is 0 or 1, secret or not).</summary>
    public static AffinePoint Select(ReadOnlySpan<AffinePoint> multiples, int digit, ulong negate, out ulong isZero)
    {
        var sign = digit >> 31;
        var magnitude = (digit ^ sign) - sign;
        isZero = Limb.IsNonZero((ulong)(uint)magnitude) ^ 1;
        // Digit 0 reads entry 0 (a valid point) so the addition that is discarded stays well defined.
        var index = magnitude - 1 + (int)isZero;
        return AffinePoint.ConstantTimeLookup(multiples, index).ConditionalNegate((ulong)(sign & 1) ^ negate);
    }
}
