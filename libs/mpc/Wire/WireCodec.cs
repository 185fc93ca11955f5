using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Wire;

/// <summary>
/// Encodings of the protocol's value types: party ids (2 bytes big-endian, non-zero), scalars (32 bytes
/// big-endian, below q), points (33-byte SEC1 compressed, on the curve, never infinity). Reads validate and
/// throw <see cref="WireFormatException"/>; a round turns that into an abort naming the sender.
/// </summary>
public static class WireCodec
{
    public static void WritePartyId(WireWriter writer, PartyId id)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> bytes = stackalloc byte[PartyId.EncodedLength];
        id.WriteBytes(bytes);
        writer.WriteFixed(bytes);
    }

    public static PartyId ReadPartyId(WireReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return PartyId.TryRead(reader.ReadFixed(PartyId.EncodedLength), out var id) ? id : throw new WireFormatException("party id 0 is not allowed");
    }

    public static void WriteScalar(WireWriter writer, Scalar value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> bytes = stackalloc byte[Scalar.ByteLength];
        value.WriteBytes(bytes);
        writer.WriteFixed(bytes);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
    }

    public static Scalar ReadScalar(WireReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Scalar.TryCreate(reader.ReadFixed(Scalar.ByteLength), out var value) ? value : throw new WireFormatException("scalar not below the group order");
    }

    public static void WritePoint(WireWriter writer, Point value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteFixed(value.Encode());
    }

    /// <summary>Reads a point: on the curve and not the point at infinity (docs/mpc.md "Rules": validate every received point).</summary>
    public static Point ReadPoint(WireReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Point.TryDecode(reader.ReadFixed(Point.EncodedLength), out var value) ? value : throw new WireFormatException("invalid curve point");
    }

    public static void WritePartySet(WireWriter writer, IReadOnlyList<PartyId> parties)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(parties);
        writer.WriteUInt16((ushort)parties.Count);
        foreach (var party in parties)
        {
            WritePartyId(writer, party);
        }
    }

    /// <summary>Reads a strictly ascending (hence distinct) set of party ids.</summary>
    public static PartyId[] ReadPartySet(WireReader reader, int max)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parties = new PartyId[reader.ReadCount(max)];
        for (var i = 0; i < parties.Length; i++)
        {
            parties[i] = ReadPartyId(reader);
            if (i > 0 && parties[i] <= parties[i - 1])
            {
                throw new WireFormatException("party set not strictly ascending");
            }
        }

        return parties;
    }
}
