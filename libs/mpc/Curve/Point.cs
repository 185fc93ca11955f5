using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Math.EC;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Custody.Mpc.Curve;

/// <summary>
/// A point of secp256k1 (immutable, normalised to affine coordinates). Decoding accepts only
/// SEC 1 compressed encodings of points on the curve; it never yields the point at infinity,
/// which exists only as the explicit value <see cref="Infinity"/>.
/// </summary>
public sealed class Point : IEquatable<Point>
{
    /// <summary>Bytes of the SEC 1 compressed encoding.</summary>
    public const int EncodedLength = 33;

    /// <summary>Bytes of the SEC 1 uncompressed encoding.</summary>
    public const int UncompressedLength = 65;

    private static readonly FixedPointCombMultiplier BaseMultiplier = new();

    private readonly ECPoint _point;

    private Point(ECPoint point) => _point = point.Normalize();

    /// <summary>The generator G of SEC 2.</summary>
    public static Point Generator { get; } = new(Secp256k1.G);

    /// <summary>The identity element.</summary>
    public static Point Infinity { get; } = new(Secp256k1.Curve.Infinity);

    public bool IsInfinity => _point.IsInfinity;

    /// <summary>k*G with a fixed-base comb.</summary>
    public static Point MulBase(Scalar k) => new(BaseMultiplier.Multiply(Secp256k1.G, ToBigInteger(k)));

    public static Point operator *(Point point, Scalar k)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new Point(point._point.Multiply(ToBigInteger(k)));
    }

    public static Point operator *(Scalar k, Point point) => point * k;

    public static Point operator +(Point left, Point right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new Point(left._point.Add(right._point));
    }

    public static Point operator -(Point left, Point right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new Point(left._point.Subtract(right._point));
    }

    public static Point operator -(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new Point(point._point.Negate());
    }

    public static Point Multiply(Point point, Scalar k) => point * k;

    /// <summary>a*P + b*Q in one pass (Shamir's trick); for public values such as proof verification.</summary>
    public static Point SumOfProducts(Point p, Scalar a, Point q, Scalar b)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        return new Point(ECAlgorithms.SumOfTwoMultiplies(p._point, ToBigInteger(a), q._point, ToBigInteger(b)));
    }

    public static Point Add(Point left, Point right) => left + right;

    public static Point Subtract(Point left, Point right) => left - right;

    public static Point Negate(Point point) => -point;

    /// <summary>
    /// Decodes a 33-byte SEC 1 compressed point. Rejects a wrong length, a prefix other than
    /// 02/03, x &gt;= p, an x with no point on the curve, and (therefore) infinity.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> sec1Compressed33, out Point point)
    {
        point = Infinity;
        if (sec1Compressed33.Length != EncodedLength)
        {
            return false;
        }
        var prefix = sec1Compressed33[0];
        if (prefix is not (0x02 or 0x03))
        {
            return false;
        }
        var xBytes = sec1Compressed33[1..];
        if (xBytes.SequenceCompareTo(Secp256k1.FieldPrimeBytes) >= 0)
        {
            return false;
        }
        var curve = Secp256k1.Curve;
        var x = curve.FromBigInteger(new BcBigInteger(1, xBytes));
        // y^2 = x^3 + 7 (SEC 1 v2, 2.3.4 step 2.4.1); no square root means x is not on the curve.
        var rhs = x.Square().Multiply(x).Add(curve.B);
        var y = rhs.Sqrt();
        if (y is null)
        {
            return false;
        }
        if (y.TestBitZero() != (prefix == 0x03))
        {
            y = y.Negate();
        }
        var candidate = curve.CreatePoint(x.ToBigInteger(), y.ToBigInteger());
        if (!candidate.IsValid() || candidate.IsInfinity)
        {
            return false;
        }
        point = new Point(candidate);
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
        ThrowIfInfinity();
        if (destination.Length < EncodedLength)
        {
            throw new ArgumentException("Need 33 bytes.", nameof(destination));
        }
        destination[0] = _point.AffineYCoord.TestBitZero() ? (byte)0x03 : (byte)0x02;
        _point.AffineXCoord.EncodeTo(destination[1..EncodedLength]);
    }

    /// <summary>65-byte SEC 1 uncompressed encoding (04 || x || y); throws for infinity.</summary>
    public byte[] EncodeUncompressed()
    {
        ThrowIfInfinity();
        var bytes = new byte[UncompressedLength];
        bytes[0] = 0x04;
        _point.AffineXCoord.EncodeTo(bytes.AsSpan(1, 32));
        _point.AffineYCoord.EncodeTo(bytes.AsSpan(33, 32));
        return bytes;
    }

    /// <summary>The affine x coordinate, 32 bytes big-endian; throws for infinity.</summary>
    public byte[] XBytes()
    {
        ThrowIfInfinity();
        var bytes = new byte[32];
        _point.AffineXCoord.EncodeTo(bytes);
        return bytes;
    }

    /// <summary>x mod q, the ECDSA r value; throws for infinity.</summary>
    public Scalar XAsScalar()
    {
        Span<byte> x = stackalloc byte[32];
        ThrowIfInfinity();
        _point.AffineXCoord.EncodeTo(x);
        // x < p < 2q, so one conditional subtraction reduces it.
        return Scalar.FromBytesReduced(x);
    }

    public bool Equals(Point? other) => other is not null && _point.Equals(other._point);

    public override bool Equals(object? obj) => Equals(obj as Point);

    public override int GetHashCode() => _point.GetHashCode();

    public override string ToString() => IsInfinity ? "Point(infinity)" : "Point(" + Convert.ToHexString(Encode()) + ")";

    public static bool operator ==(Point? left, Point? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Point? left, Point? right) => !(left == right);

    private void ThrowIfInfinity()
    {
        if (_point.IsInfinity)
        {
            throw new InvalidOperationException("The point at infinity has no SEC 1 encoding.");
        }
    }

    private static BcBigInteger ToBigInteger(Scalar k)
    {
        Span<byte> bytes = stackalloc byte[Scalar.ByteLength];
        k.WriteBytes(bytes);
        var value = new BcBigInteger(1, bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return value;
    }
}
