namespace Custody.Mpc.Curve;

/// <summary>
/// k*P for a point used once, with the GLV split k = k1 + k2*lambda (<see cref="Glv"/>): tables of
/// P..8P and of lambda*P..8*lambda*P (one batched inversion; the second table costs 8 field
/// multiplications, lambda*(x, y) = (beta*x, y)), then 33 signed radix-16 digits of |k1| and |k2|
/// from the top: four doublings and two mixed additions per digit, with constant-time table reads
/// and the signs of k1, k2 applied by constant-time negation. <see cref="SumOfProducts"/>
/// interleaves two such multiplications (Shamir's trick).
/// </summary>
internal static class VariableBase
{
    public static Point Multiply(Point p, Scalar k) => Point.FromJacobian(MultiplyJacobian(p, k));

    /// <summary>k*P left in Jacobian coordinates (no inversion), for <see cref="PointEquation"/>.</summary>
    public static JacobianPoint MultiplyJacobian(Point p, Scalar k)
    {
        if (p.IsInfinity)
        {
            return JacobianPoint.Infinity;
        }
        var term = new Term(stackalloc AffinePoint[SignedDigits.TableSize], stackalloc AffinePoint[SignedDigits.TableSize],
            stackalloc sbyte[SignedDigits.HalfCount], stackalloc sbyte[SignedDigits.HalfCount], p, k);
        var accumulator = JacobianPoint.Infinity;
        for (var i = SignedDigits.HalfCount - 1; i >= 0; i--)
        {
            accumulator = accumulator.Double().Double().Double().Double();
            accumulator = term.AddDigit(accumulator, i);
        }
        term.Clear();
        return accumulator;
    }

    /// <summary>a*P + b*Q in one pass.</summary>
    public static Point SumOfProducts(Point p, Scalar a, Point q, Scalar b)
    {
        if (p.IsInfinity)
        {
            return Multiply(q, b);
        }
        if (q.IsInfinity)
        {
            return Multiply(p, a);
        }
        var first = new Term(stackalloc AffinePoint[SignedDigits.TableSize], stackalloc AffinePoint[SignedDigits.TableSize],
            stackalloc sbyte[SignedDigits.HalfCount], stackalloc sbyte[SignedDigits.HalfCount], p, a);
        var second = new Term(stackalloc AffinePoint[SignedDigits.TableSize], stackalloc AffinePoint[SignedDigits.TableSize],
            stackalloc sbyte[SignedDigits.HalfCount], stackalloc sbyte[SignedDigits.HalfCount], q, b);
        var accumulator = JacobianPoint.Infinity;
        for (var i = SignedDigits.HalfCount - 1; i >= 0; i--)
        {
            accumulator = accumulator.Double().Double().Double().Double();
            accumulator = first.AddDigit(accumulator, i);
            accumulator = second.AddDigit(accumulator, i);
        }
        first.Clear();
        second.Clear();
        return Point.FromJacobian(accumulator);
    }

    /// <summary>One k*P prepared for the digit loop: both tables, both digit strings and both signs.</summary>
    private readonly ref struct Term
    {
        private readonly Span<AffinePoint> _table;
        private readonly Span<AffinePoint> _lambdaTable;
        private readonly Span<sbyte> _digits1;
        private readonly Span<sbyte> _digits2;
        private readonly ulong _negative1;
        private readonly ulong _negative2;

        public Term(Span<AffinePoint> table, Span<AffinePoint> lambdaTable, Span<sbyte> digits1, Span<sbyte> digits2, Point p, Scalar k)
        {
            _table = table;
            _lambdaTable = lambdaTable;
            _digits1 = digits1;
            _digits2 = digits2;
            Multiples(p, table);
            for (var j = 0; j < table.Length; j++)
            {
                lambdaTable[j] = new AffinePoint(table[j].X * Glv.Beta, table[j].Y);
            }
            Glv.Split(k, out var k1, out _negative1, out var k2, out _negative2);
            SignedDigits.Recode(k1.Limbs, digits1, SignedDigits.HalfCount);
            SignedDigits.Recode(k2.Limbs, digits2, SignedDigits.HalfCount);
        }

        public JacobianPoint AddDigit(in JacobianPoint accumulator, int position)
        {
            var sum = Add(accumulator, _table, _digits1[position], _negative1);
            return Add(sum, _lambdaTable, _digits2[position], _negative2);
        }

        public void Clear()
        {
            _digits1.Clear();
            _digits2.Clear();
        }

        private static JacobianPoint Add(in JacobianPoint accumulator, ReadOnlySpan<AffinePoint> table, int digit, ulong negate)
        {
            var term = SignedDigits.Select(table, digit, negate, out var isZero);
            return JacobianPoint.Select(isZero, accumulator, accumulator.AddAffine(term));
        }
    }

    /// <summary>P, 2P, ..., 8P in affine coordinates.</summary>
    private static void Multiples(Point p, Span<AffinePoint> destination)
    {
        Span<JacobianPoint> jacobian = stackalloc JacobianPoint[SignedDigits.TableSize];
        var affine = p.Affine;
        jacobian[0] = JacobianPoint.FromAffine(affine);
        jacobian[1] = jacobian[0].Double();
        for (var j = 2; j < SignedDigits.TableSize; j++)
        {
            jacobian[j] = jacobian[j - 1].AddAffine(affine);
        }
        JacobianPoint.BatchToAffine(jacobian, destination);
    }
}
