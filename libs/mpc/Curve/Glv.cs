namespace Custody.Mpc.Curve;

/// <summary>
/// The GLV endomorphism of secp256k1 (Gallant, Lambert, Vanstone, CRYPTO 2001): lambda * (x, y) =
/// (beta * x, y) with lambda^3 = 1 mod q and beta^3 = 1 mod p. A scalar k splits into k1 + k2 * lambda
/// (mod q) with |k1|, |k2| &lt; 2^128, which halves the doublings of a variable-base multiplication.
/// The split rounds c1 = round(k * b2 / q), c2 = round(-k * b1 / q) with precomputed
/// g_i = round(2^384 * ... / q), then k1 = k - c1*a1 - c2*a2 and k2 = -c1*b1 - c2*b2, where
/// (a1, b1), (a2, b2) is a short basis of {(a, b) : a + b*lambda = 0 mod q} found by the extended
/// Euclidean algorithm (GLV Section 4). The constants were derived for this code and are checked by
/// tests (beta, lambda and the basis identities). No branch depends on k.
/// </summary>
internal static class Glv
{
    /// <summary>beta, a primitive cube root of unity mod p matching <see cref="Lambda"/>.</summary>
    public static readonly FieldElement Beta = FieldElement.FromReducedLimbs(0xC1396C28719501EEUL, 0x9CF0497512F58995UL, 0x6E64479EAC3434E9UL, 0x7AE96A2B657C0710UL);

    /// <summary>lambda, a primitive cube root of unity mod q.</summary>
    public static readonly Scalar Lambda = Scalar.FromLimbs(new ScalarField.Limbs(0xDF02967C1B23BD72UL, 0x122E22EA20816678UL, 0xA5261C028812645AUL, 0x5363AD4CC05C30E0UL));

    // The basis: a1 = b2, b1 < 0 (stored as |b1|), a2.
    private static readonly Scalar A1 = Scalar.FromLimbs(new ScalarField.Limbs(0xE86C90E49284EB15UL, 0x3086D221A7D46BCDUL, 0, 0));
    private static readonly Scalar B1Magnitude = Scalar.FromLimbs(new ScalarField.Limbs(0x6F547FA90ABFE4C3UL, 0xE4437ED6010E8828UL, 0, 0));
    private static readonly Scalar A2 = Scalar.FromLimbs(new ScalarField.Limbs(0x57C1108D9D44CFD8UL, 0x14CA50F7A8E2F3F6UL, 1, 0));
    private static readonly Scalar B2 = A1;

    // g1 = round(2^384 * b2 / q), g2 = round(2^384 * |b1| / q).
    private static readonly ScalarField.Limbs G1 = new(0xE893209A45DBB031UL, 0x3DAA8A1471E8CA7FUL, 0xE86C90E49284EB15UL, 0x3086D221A7D46BCDUL);
    private static readonly ScalarField.Limbs G2 = new(0x1571B4AE8AC47F71UL, 0x221208AC9DF506C6UL, 0x6F547FA90ABFE4C4UL, 0xE4437ED6010E8828UL);

    /// <summary>
    /// k = k1 + k2 * lambda (mod q) with k1 = (-1)^negative1 * magnitude1 (likewise k2); both
    /// magnitudes are below 2^128 (their upper limbs are zero).
    /// </summary>
    public static void Split(Scalar k, out Scalar magnitude1, out ulong negative1, out Scalar magnitude2, out ulong negative2)
    {
        var c1 = MultiplyShift384(k.Limbs, G1);
        var c2 = MultiplyShift384(k.Limbs, G2);
        var k1 = k - (c1 * A1) - (c2 * A2);
        var k2 = (c1 * B1Magnitude) - (c2 * B2);
        (magnitude1, negative1) = Magnitude(k1);
        (magnitude2, negative2) = Magnitude(k2);
    }

    /// <summary>round(a * g / 2^384) for 256-bit a and g; the result is below 2^128.</summary>
    private static Scalar MultiplyShift384(in ScalarField.Limbs a, in ScalarField.Limbs g)
    {
        Span<ulong> product = stackalloc ulong[8];
        product.Clear();
        ReadOnlySpan<ulong> x = [a.L0, a.L1, a.L2, a.L3];
        ReadOnlySpan<ulong> y = [g.L0, g.L1, g.L2, g.L3];
        for (var i = 0; i < 4; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < 4; j++)
            {
                product[i + j] = Limb.MulAdd(x[i], y[j], product[i + j], ref carry);
            }
            product[i + 4] = carry;
        }
        // Round: add bit 383 (the top bit of limb 5) into limbs 6..7.
        ulong roundCarry = product[5] >> 63;
        var low = Limb.AddCarry(product[6], 0, ref roundCarry);
        var high = product[7] + roundCarry;
        product.Clear();
        return Scalar.FromLimbs(new ScalarField.Limbs(low, high, 0, 0));
    }

    /// <summary>A value v mod q known to lie in (-2^128, 2^128): (|v|, 1 if v is negative), branch-free.</summary>
    private static (Scalar Magnitude, ulong Negative) Magnitude(Scalar v)
    {
        var limbs = v.Limbs;
        var negative = Limb.IsNonZero(limbs.L2 | limbs.L3);
        return (Scalar.Select((int)negative, -v, v), negative);
    }
}
