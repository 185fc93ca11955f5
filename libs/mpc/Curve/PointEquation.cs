namespace Custody.Mpc.Curve;

/// <summary>
/// Point equations checked without leaving Jacobian coordinates. Computing each side as a <see cref="Point"/> costs a
/// field inversion per intermediate point (about 16 us here, a fifth of a k*G); these compute one side as a Jacobian
/// sum and compare it with the other side, a known point, by <see cref="JacobianPoint.EqualsAffine"/> (no inversion).
/// The results are the same as the affine computation's (PointArithmeticTests cross-checks them against it). Every
/// product uses the constant-time paths (<see cref="PointTable.MultiplyAdd"/>, <see cref="VariableBase"/>), so the
/// scalars may be secret; the boolean outcome is public (a protocol accepts or aborts on it).
/// </summary>
internal static class PointEquation
{
    /// <summary>a*P - b*G == expected (DKLs23 Protocol 3.6 step 3's consistency checks chi*R_j - Gamma_j == d*G, rearranged).</summary>
    public static bool ProductMinusBaseProductIs(Point p, Scalar a, Scalar b, Point expected)
    {
        ArgumentNullException.ThrowIfNull(p);
        var product = VariableBase.MultiplyJacobian(p, a);
        return Is(PointTable.Generator.MultiplyAdd(product, -b), expected);
    }

    /// <summary>a*G + b*B == expected, B the base of <paramref name="table"/> (ECDSA verification against a known R).</summary>
    public static bool BaseProductPlusTableProductIs(Scalar a, PointTable table, Scalar b, Point expected)
    {
        ArgumentNullException.ThrowIfNull(table);
        var product = PointTable.Generator.MultiplyAdd(JacobianPoint.Infinity, a);
        return Is(table.MultiplyAdd(product, b), expected);
    }

    /// <summary>True when the Jacobian point is <paramref name="expected"/> (the infinity only equals the infinity).</summary>
    public static bool Is(in JacobianPoint point, Point expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return expected.IsInfinity ? point.IsInfinity : point.EqualsAffine(expected.Affine);
    }
}

/// <summary>
/// A running sum of points in Jacobian coordinates (one inversion at <see cref="ToPoint"/>, none for <see cref="Is"/>)
/// instead of one inversion per <see cref="Point"/> addition. For public points (the sums of R_j and pk_j in signing).
/// </summary>
internal struct PointSum
{
    private JacobianPoint _sum;

    public PointSum(Point first)
    {
        ArgumentNullException.ThrowIfNull(first);
        _sum = first.IsInfinity ? JacobianPoint.Infinity : JacobianPoint.FromAffine(first.Affine);
    }

    public void Add(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (!point.IsInfinity)
        {
            _sum = _sum.AddAffine(point.Affine);
        }
    }

    public readonly Point ToPoint() => Point.FromJacobian(_sum);

    public readonly bool Is(Point expected) => PointEquation.Is(_sum, expected);
}
