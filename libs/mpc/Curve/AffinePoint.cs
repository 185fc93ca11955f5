using System.Runtime.CompilerServices;

namespace Custody.Mpc.Curve;

/// <summary>
/// A finite point (x, y) of secp256k1 in affine coordinates; the point at infinity is never an
/// <see cref="AffinePoint"/> (tables and <see cref="Point"/> represent it separately).
/// </summary>
internal readonly struct AffinePoint
{
    public readonly FieldElement X;
    public readonly FieldElement Y;

    public AffinePoint(in FieldElement x, in FieldElement y)
    {
        X = x;
        Y = y;
    }

    /// <summary>y^2 == x^3 + 7.</summary>
    public bool IsOnCurve => Y.Square() == (X.Square() * X) + FieldElement.B;

    public AffinePoint Negate() => new(X, -Y);

    /// <summary>This point when the flag is 0, its negation when the flag is 1, without branching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AffinePoint ConditionalNegate(ulong flag) => new(X, FieldElement.Select(flag, -Y, Y));

    /// <summary>
    /// Reads entry <paramref name="index"/> of <paramref name="table"/> touching every entry, so the
    /// memory access pattern does not depend on the (possibly secret) index.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static AffinePoint ConstantTimeLookup(ReadOnlySpan<AffinePoint> table, int index)
    {
        var x = FieldElement.Zero;
        var y = FieldElement.Zero;
        for (var i = 0; i < table.Length; i++)
        {
            // flag = 1 exactly when i == index (branch-free equality test).
            var flag = Limb.IsNonZero((ulong)(uint)(i ^ index)) ^ 1;
            x = FieldElement.Select(flag, table[i].X, x);
            y = FieldElement.Select(flag, table[i].Y, y);
        }
        return new AffinePoint(x, y);
    }
}
