namespace Custody.Mpc.Curve;

/// <summary>
/// A secp256k1 point in Jacobian coordinates (X, Y, Z) representing (X/Z^2, Y/Z^3); Z = 0 is the
/// point at infinity. Formulas for a = 0 from the Explicit-Formulas Database (Bernstein, Lange):
/// "dbl-2009-l" (2M + 5S), "madd-2007-bl" (7M + 4S), "add-2007-bl" (11M + 5S). Additions handle
/// infinity with constant-time selection; the only branch is the exceptional case P = +-Q, which
/// scalar multiplication by a uniform secret reaches with negligible probability.
/// </summary>
internal readonly struct JacobianPoint
{
    public readonly FieldElement X;
    public readonly FieldElement Y;
    public readonly FieldElement Z;

    public JacobianPoint(in FieldElement x, in FieldElement y, in FieldElement z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public static JacobianPoint Infinity => new(FieldElement.One, FieldElement.One, FieldElement.Zero);

    public bool IsInfinity => Z.IsZero;

    public static JacobianPoint FromAffine(in AffinePoint p) => new(p.X, p.Y, FieldElement.One);

    /// <summary>2P ("dbl-2009-l"); infinity doubles to infinity (Z stays 0). secp256k1 has no point with y = 0.</summary>
    public JacobianPoint Double()
    {
        var a = X.Square();
        var b = Y.Square();
        var c = b.Square();
        var xPlusB = X + b;
        var d = xPlusB.Square() - a - c;
        d += d;
        var e = a + a + a;
        var f = e.Square();
        var x3 = f - d - d;
        var c8 = c + c;
        c8 += c8;
        c8 += c8;
        var y3 = (e * (d - x3)) - c8;
        var yz = Y * Z;
        return new JacobianPoint(x3, y3, yz + yz);
    }

    /// <summary>P + Q for affine Q ("madd-2007-bl").</summary>
    public JacobianPoint AddAffine(in AffinePoint q)
    {
        var z1z1 = Z.Square();
        var u2 = q.X * z1z1;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - X;
        var r = s2 - Y;
        r += r;
        if (h.IsZero && !Z.IsZero)
        {
            // P = Q or P = -Q.
            return r.IsZero ? FromAffine(q).Double() : Infinity;
        }
        var hh = h.Square();
        var i = hh + hh;
        i += i;
        var j = h * i;
        var v = X * i;
        var x3 = r.Square() - j - v - v;
        var yj = Y * j;
        var y3 = (r * (v - x3)) - yj - yj;
        var z3 = (Z + h).Square() - z1z1 - hh;
        // P at infinity: the formulas above computed garbage; Q is the sum.
        return Select(Z.IsZeroFlag(), FromAffine(q), new JacobianPoint(x3, y3, z3));
    }

    /// <summary>P + Q for Jacobian Q ("add-2007-bl").</summary>
    public JacobianPoint Add(in JacobianPoint q)
    {
        if (q.IsInfinity)
        {
            return this;
        }
        if (IsInfinity)
        {
            return q;
        }
        var z1z1 = Z.Square();
        var z2z2 = q.Z.Square();
        var u1 = X * z2z2;
        var u2 = q.X * z1z1;
        var s1 = Y * q.Z * z2z2;
        var s2 = q.Y * Z * z1z1;
        var h = u2 - u1;
        var r = s2 - s1;
        r += r;
        if (h.IsZero)
        {
            return r.IsZero ? Double() : Infinity;
        }
        var twoH = h + h;
        var i = twoH.Square();
        var j = h * i;
        var v = u1 * i;
        var x3 = r.Square() - j - v - v;
        var s1j = s1 * j;
        var y3 = (r * (v - x3)) - s1j - s1j;
        var z3 = ((Z + q.Z).Square() - z1z1 - z2z2) * h;
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>
    /// True when this finite point is q, compared in Jacobian coordinates without an inversion: X = x*Z^2 and Y = y*Z^3.
    /// The outcome is a public accept/abort decision; the comparison itself does not branch on the limbs.
    /// </summary>
    public bool EqualsAffine(in AffinePoint q)
    {
        var zz = Z.Square();
        var xMatches = X == q.X * zz;
        var yMatches = Y == q.Y * zz * Z;
        return !IsInfinity & xMatches & yMatches;
    }

    /// <summary>Returns a when the flag is 1 and b when it is 0, without branching.</summary>
    public static JacobianPoint Select(ulong flag, in JacobianPoint a, in JacobianPoint b) => new(
        FieldElement.Select(flag, a.X, b.X),
        FieldElement.Select(flag, a.Y, b.Y),
        FieldElement.Select(flag, a.Z, b.Z));

    /// <summary>Affine coordinates (one inversion); false for infinity.</summary>
    public bool TryToAffine(out AffinePoint affine)
    {
        if (IsInfinity)
        {
            affine = default;
            return false;
        }
        var zInverse = Z.Invert();
        var zInverse2 = zInverse.Square();
        affine = new AffinePoint(X * zInverse2, Y * zInverse2 * zInverse);
        return true;
    }

    /// <summary>
    /// Affine coordinates of many finite points with one inversion (Montgomery's simultaneous
    /// inversion trick: 3 multiplications per point).
    /// </summary>
    public static void BatchToAffine(ReadOnlySpan<JacobianPoint> points, Span<AffinePoint> destination)
    {
        if (points.IsEmpty)
        {
            return;
        }
        Span<FieldElement> prefix = points.Length <= 16 ? stackalloc FieldElement[points.Length] : new FieldElement[points.Length];
        var running = FieldElement.One;
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i].IsInfinity)
            {
                throw new ArgumentException("A table point is at infinity.", nameof(points));
            }
            prefix[i] = running;
            running *= points[i].Z;
        }
        var inverse = running.Invert();
        for (var i = points.Length - 1; i >= 0; i--)
        {
            var zInverse = inverse * prefix[i];
            inverse *= points[i].Z;
            var zInverse2 = zInverse.Square();
            destination[i] = new AffinePoint(points[i].X * zInverse2, points[i].Y * zInverse2 * zInverse);
        }
    }
}
