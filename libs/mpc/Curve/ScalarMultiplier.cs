namespace Custody.Mpc.Curve;

/// <summary>
/// A fixed factor c held in Montgomery form (c*R mod q), so that multiplying by it costs one
/// Montgomery multiplication instead of two: MontMul(z, c*R) = z*c. For hot loops that multiply
/// many values by the same challenge or gadget entry.
/// </summary>
internal readonly struct ScalarMultiplier
{
    private readonly ScalarField.Limbs _montgomery;

    public ScalarMultiplier(Scalar factor) => _montgomery = ScalarField.ToMontgomery(factor.Limbs);

    /// <summary>z * factor mod q.</summary>
    public Scalar Multiply(Scalar z) => Scalar.FromLimbs(ScalarField.MontgomeryMultiply(z.Limbs, _montgomery));

    /// <summary>z * this + w * other mod q with one Montgomery reduction (cheaper than two products and a sum).</summary>
    public Scalar MultiplySum(Scalar z, ScalarMultiplier other, Scalar w) =>
        Scalar.FromLimbs(ScalarField.MontgomeryMultiplySum(z.Limbs, _montgomery, w.Limbs, other._montgomery));
}
