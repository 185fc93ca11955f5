namespace Custody.Mpc.Curve;

/// <summary>
/// Precomputed multiples of one base point B for fast k*B: for each of the 65 signed radix-16
/// digit positions i, the affine points j * 16^i * B for j = 1..8 (520 points, 33 KB, one
/// inversion to build). A multiplication is then 65 mixed additions and no doublings, with
/// constant-time table reads. Built once for G; callers that multiply one public point by many
/// scalars (e.g. the base-OT receiver's x_i * z) build one with <see cref="For"/>.
/// </summary>
internal sealed class PointTable
{
    private readonly AffinePoint[] _entries;

    private PointTable(AffinePoint[] entries) => _entries = entries;

    /// <summary>The table of the generator G.</summary>
    public static PointTable Generator { get; } = For(Point.Generator);

    /// <summary>Builds the table of a finite point.</summary>
    public static PointTable For(Point basePoint)
    {
        ArgumentNullException.ThrowIfNull(basePoint);
        if (basePoint.IsInfinity)
        {
            throw new ArgumentException("The point at infinity has no table.", nameof(basePoint));
        }
        var jacobian = new JacobianPoint[SignedDigits.Count * SignedDigits.TableSize];
        var windowBase = JacobianPoint.FromAffine(basePoint.Affine);
        for (var window = 0; window < SignedDigits.Count; window++)
        {
            var offset = window * SignedDigits.TableSize;
            jacobian[offset] = windowBase;
            for (var j = 1; j < SignedDigits.TableSize; j++)
            {
                jacobian[offset + j] = jacobian[offset + j - 1].Add(windowBase);
            }
            // 16 * base = 2 * (8 * base).
            windowBase = jacobian[offset + SignedDigits.TableSize - 1].Double();
        }
        var entries = new AffinePoint[jacobian.Length];
        JacobianPoint.BatchToAffine(jacobian, entries);
        return new PointTable(entries);
    }

    /// <summary>k * B; a fixed sequence of 65 additions with constant-time reads.</summary>
    public Point Multiply(Scalar k) => Point.FromJacobian(MultiplyAdd(JacobianPoint.Infinity, k));

    /// <summary>
    /// start + k * B, left in Jacobian coordinates: callers that combine several products or compare the result with a
    /// known point (<see cref="PointEquation"/>) save the inversion of the conversion to affine. Same constant-time
    /// sequence as <see cref="Multiply"/> (start may be any point, the infinity included).
    /// </summary>
    public JacobianPoint MultiplyAdd(in JacobianPoint start, Scalar k)
    {
        Span<sbyte> digits = stackalloc sbyte[SignedDigits.Count];
        SignedDigits.Recode(k, digits);
        var accumulator = start;
        for (var window = 0; window < SignedDigits.Count; window++)
        {
            var multiples = _entries.AsSpan(window * SignedDigits.TableSize, SignedDigits.TableSize);
            var term = SignedDigits.Select(multiples, digits[window], out var isZero);
            accumulator = JacobianPoint.Select(isZero, accumulator, accumulator.AddAffine(term));
        }
        digits.Clear();
        return accumulator;
    }
}
