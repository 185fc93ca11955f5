namespace Custody.Mpc.Curve;

/// <summary>
/// A point of secp256k1 (immutable, affine). Decoding accepts only SEC 1 compressed encodings of
/// points on the curve; it never yields the point at infinity, which exists only as the explicit
/// value <see cref="Infinity"/>. Arithmetic is this library's own (<see cref="FieldElement"/>,
/// <see cref="JacobianPoint"/>, <see cref="PointTable"/>, <see cref="VariableBase"/>): fixed
/// sequences of operations with constant-time table reads (see docs in those types).
/// </summary>
public sealed class Point : IEquatable<Point>
{
    /// <summary>Bytes of the SEC 1 compressed encoding.</summary>
    public const int EncodedLength = 33;

    /// <summary>Bytes of the SEC 1 uncompressed encoding.</summary>
    public const int UncompressedLength = 65;

    private readonly AffinePoint _affine;
    private readonly bool _isInfinity;

    private Point(in AffinePoint affine, bool isInfinity)
    {
        _affine = affine;
        _isInfinity = isInfinity;
    }

    /// <summary>The generator G of SEC 2 v2, 2.4.1.</summary>
    public static Point Generator { get; } = FromCoordinates(
        "79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798",
        "483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8");

    /// <summary>The identity element.</summary>
    public static Point Infinity { get; } = new(default, isInfinity: true);

    public bool IsInfinity => _isInfinity;

    /// <summary>Affine coordinates of a finite point (callers check <see cref="IsInfinity"/> first).</summary>
    internal AffinePoint Affine => _isInfinity
        ? throw new InvalidOperationException("The point at infinity has no affine coordinates.")
        : _affine;

    internal static Point FromJacobian(in JacobianPoint point) =>
        point.TryToAffine(out var affine) ? new Point(affine, isInfinity: false) : Infinity;

    /// <summary>k*G with the precomputed table of G.</summary>
    public static Point MulBase(Scalar k) => PointTable.Generator.Multiply(k);

    public static Point operator *(Point point, Scalar k)
    {
        ArgumentNullException.ThrowIfNull(point);
        return VariableBase.Multiply(point, k);
    }

    public static Point operator *(Scalar k, Point point) => point * k;

    public static Point operator +(Point left, Point right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left._isInfinity)
        {
            return right;
        }
        return right._isInfinity ? left : FromJacobian(JacobianPoint.FromAffine(left._affine).AddAffine(right._affine));
    }

    public static Point operator -(Point left, Point right)
    {
        ArgumentNullException.ThrowIfNull(right);
        return left + (-right);
    }

    public static Point operator -(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point._isInfinity ? point : new Point(point._affine.Negate(), isInfinity: false);
    }

    public static Point Multiply(Point point, Scalar k) => point * k;

    /// <summary>a*P + b*Q in one pass (Shamir's trick); for public values such as proof verification.</summary>
    public static Point SumOfProducts(Point p, Scalar a, Point q, Scalar b)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        return VariableBase.SumOfProducts(p, a, q, b);
    }

    public static Point Add(Point left, Point right) => left + right;

    public static Point Subtract(Point left, Point right) => left - right;

    public static Point Negate(Point point) => -point;

    /// <summary>
    /// Decodes a 33-byte SEC 1 compressed point (SEC 1 v2, 2.3.4). Rejects a wrong length, a prefix
    /// other than 02/03, x &gt;= p, an x with no point on the curve, and (therefore) infinity.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> sec1Compressed33, out Point point)
    {
        point = Infinity;
        if (sec1Compressed33.Length != EncodedLength || sec1Compressed33[0] is not (0x02 or 0x03))
        {
            return false;
        }
        if (!FieldElement.TryCreate(sec1Compressed33[1..], out var x))
        {
            return false;
        }
        // y^2 = x^3 + 7; no square root means x is not on the curve (step 2.4.1).
        if (!((x.Square() * x) + FieldElement.B).TrySqrt(out var y))
        {
            return false;
        }
        if (y.IsOdd != (sec1Compressed33[0] == 0x03))
        {
            y = -y;
        }
        point = new Point(new AffinePoint(x, y), isInfinity: false);
        return true;
    }

    /// <summary>Decodes or throws <see cref="ArgumentException"/>.</summary>
    public static Point Decode(ReadOnlySpan<byte> sec1Compressed33) =>
        TryDecode(sec1Compressed33, out var point)
            ? point
            : throw new ArgumentException("Not a SEC 1 compressed secp256k1 point.", nameof(sec1Compressed33));

    /// <summary>33-byte SEC 1 compressed encoding; throws for infinity.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        WriteEncoded(bytes);
        return bytes;
    }

    /// <summary>Writes the 33-byte compressed encoding; throws for infinity.</summary>
    public void WriteEncoded(Span<byte> destination)
    {
        var affine = Affine;
        if (destination.Length < EncodedLength)
        {
            throw new ArgumentException("Need 33 bytes.", nameof(destination));
        }
        destination[0] = affine.Y.IsOdd ? (byte)0x03 : (byte)0x02;
        affine.X.WriteBytes(destination[1..EncodedLength]);
    }

    /// <summary>65-byte SEC 1 uncompressed encoding (04 || x || y); throws for infinity.</summary>
    public byte[] EncodeUncompressed()
    {
        var affine = Affine;
        var bytes = new byte[UncompressedLength];
        bytes[0] = 0x04;
        affine.X.WriteBytes(bytes.AsSpan(1, 32));
        affine.Y.WriteBytes(bytes.AsSpan(33, 32));
        return bytes;
    }

    /// <summary>The affine x coordinate, 32 bytes big-endian; throws for infinity.</summary>
    public byte[] XBytes()
    {
        var bytes = new byte[32];
        Affine.X.WriteBytes(bytes);
        return bytes;
    }

    /// <summary>x mod q, the ECDSA r value; throws for infinity.</summary>
    public Scalar XAsScalar()
    {
        Span<byte> x = stackalloc byte[32];
        Affine.X.WriteBytes(x);
        // x < p < 2q, so one conditional subtraction reduces it.
        return Scalar.FromBytesReduced(x);
    }

    public bool Equals(Point? other) =>
        other is not null
        && _isInfinity == other._isInfinity
        && (_isInfinity || (_affine.X == other._affine.X && _affine.Y == other._affine.Y));

    public override bool Equals(object? obj) => Equals(obj as Point);

    public override int GetHashCode() => _isInfinity ? 0 : _affine.X.GetHashCode();

    public override string ToString() => IsInfinity ? "Point(infinity)" : "Point(" + Convert.ToHexString(Encode()) + ")";

    public static bool operator ==(Point? left, Point? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Point? left, Point? right) => !(left == right);

    private static Point FromCoordinates(string xHex, string yHex)
    {
        if (!FieldElement.TryCreate(Convert.FromHexString(xHex), out var x) || !FieldElement.TryCreate(Convert.FromHexString(yHex), out var y))
        {
            throw new InvalidOperationException("Invalid built-in coordinates.");
        }
        var affine = new AffinePoint(x, y);
        return affine.IsOnCurve ? new Point(affine, isInfinity: false) : throw new InvalidOperationException("Built-in point is not on the curve.");
    }
}
