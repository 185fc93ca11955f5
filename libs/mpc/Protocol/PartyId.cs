using System.Buffers.Binary;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Protocol;

/// <summary>
/// Index of a party in a threshold session: a non-zero 16-bit integer. The same value is the
/// party's Shamir evaluation point (as a scalar), so it must be non-zero; distinctness is the
/// caller's (DKG's) concern.
/// </summary>
public readonly struct PartyId : IEquatable<PartyId>, IComparable<PartyId>
{
    /// <summary>Bytes of <see cref="WriteBytes"/>.</summary>
    public const int EncodedLength = 2;

    private PartyId(ushort value) => Value = value;

    /// <summary>The index, 1..65535. <c>default(PartyId)</c> has value 0 and is never valid.</summary>
    public ushort Value { get; }

    /// <summary>False for <c>default(PartyId)</c>.</summary>
    public bool IsValid => Value != 0;

    public static bool TryCreate(int value, out PartyId id)
    {
        if (value is < 1 or > ushort.MaxValue)
        {
            id = default;
            return false;
        }
        id = new PartyId((ushort)value);
        return true;
    }

    public static PartyId Create(int value) =>
        TryCreate(value, out var id) ? id : throw new ArgumentOutOfRangeException(nameof(value), "A party id is an integer in 1..65535.");

    /// <summary>The party's evaluation point as a scalar.</summary>
    public Scalar ToScalar() => Scalar.FromUInt64(ThrowIfInvalid().Value);

    /// <summary>Writes the id as 2 bytes big-endian (used in transcripts and messages).</summary>
    public void WriteBytes(Span<byte> destination) => BinaryPrimitives.WriteUInt16BigEndian(destination, ThrowIfInvalid().Value);

    /// <summary>Reads 2 bytes big-endian; false for 0.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out PartyId id)
    {
        if (source.Length != EncodedLength)
        {
            id = default;
            return false;
        }
        return TryCreate(BinaryPrimitives.ReadUInt16BigEndian(source), out id);
    }

    private PartyId ThrowIfInvalid() => IsValid ? this : throw new InvalidOperationException("default(PartyId) is not a party id.");

    public bool Equals(PartyId other) => Value == other.Value;
    public override bool Equals(object? obj) => obj is PartyId other && Equals(other);
    public override int GetHashCode() => Value;
    public int CompareTo(PartyId other) => Value.CompareTo(other.Value);
    public override string ToString() => "P" + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool operator ==(PartyId left, PartyId right) => left.Equals(right);
    public static bool operator !=(PartyId left, PartyId right) => !left.Equals(right);
    public static bool operator <(PartyId left, PartyId right) => left.Value < right.Value;
    public static bool operator >(PartyId left, PartyId right) => left.Value > right.Value;
    public static bool operator <=(PartyId left, PartyId right) => left.Value <= right.Value;
    public static bool operator >=(PartyId left, PartyId right) => left.Value >= right.Value;
}
