using System.Text;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Presigning;

/// <summary>
/// Strict, versioned serialisation of presignature records (docs/mpc.md "Presignatures"). Every field has a fixed
/// place, every length is checked, and trailing bytes are refused.
/// <para>
/// Share (secret; seal it, wipe the array): "CMPS" | 0x01 | header | R 33 | u_i 32 | v_i 32 | phi_i 32.
/// Consumed record: "CMPC" | 0x01 | header | R 33 | message hash 32 | u_i 32 | w_i 32.
/// Header: presignature id 32 | u32-prefixed UTF-8 wallet id | key id 32 | epoch u32 | self u16 | party set
/// (u16 count, u16 ids ascending). R is SEC 1 compressed, on the curve, not infinity; scalars below q.
/// </para>
/// </summary>
public static class PresignatureCodec
{
    public const byte FormatVersion = 1;

    private static readonly byte[] ShareMagic = "CMPS"u8.ToArray();
    private static readonly byte[] ConsumedMagic = "CMPC"u8.ToArray();

    public static byte[] Serialize(PresignatureShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        using var writer = new WireWriter(512);
        WriteHeader(writer, ShareMagic, share.Id, share.WalletId, share.KeyId, share.Epoch, share.Self, share.Parties);
        WireCodec.WritePoint(writer, share.InstancePoint);
        WireCodec.WriteScalar(writer, share.Values.U);
        WireCodec.WriteScalar(writer, share.Values.V);
        WireCodec.WriteScalar(writer, share.Values.InversionMask);
        return writer.ToArray();
    }

    /// <summary>Parses a share; throws <see cref="WireFormatException"/> or <see cref="ArgumentException"/> for anything but a valid one.</summary>
    public static PresignatureShare DeserializeShare(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes.ToArray());
        var (id, wallet, keyId, epoch, self, parties) = ReadHeader(reader, ShareMagic);
        var values = new PresignedValues(WireCodec.ReadPoint(reader), WireCodec.ReadScalar(reader), WireCodec.ReadScalar(reader), WireCodec.ReadScalar(reader));
        reader.EnsureEnd();
        return new PresignatureShare(id, wallet, keyId, epoch, self, parties, values);
    }

    public static byte[] Serialize(ConsumedPresignature consumed)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        var request = consumed.Request;
        using var writer = new WireWriter(512);
        WriteHeader(writer, ConsumedMagic, request.PresignatureId, request.WalletId, request.KeyId, request.Epoch, request.Self, request.Signers);
        WireCodec.WritePoint(writer, consumed.InstancePoint);
        writer.WriteFixed(request.MessageHash);
        WireCodec.WriteScalar(writer, consumed.U);
        WireCodec.WriteScalar(writer, consumed.W);
        return writer.ToArray();
    }

    public static ConsumedPresignature DeserializeConsumed(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes.ToArray());
        var (id, wallet, keyId, epoch, self, parties) = ReadHeader(reader, ConsumedMagic);
        var instancePoint = WireCodec.ReadPoint(reader);
        var messageHash = reader.ReadFixed(ThresholdSigning.MessageHashLength).ToArray();
        var u = WireCodec.ReadScalar(reader);
        var w = WireCodec.ReadScalar(reader);
        reader.EnsureEnd();
        return new ConsumedPresignature(new PresignatureRequest(wallet, id, keyId, epoch, self, parties, messageHash), instancePoint, u, w);
    }

    private static void WriteHeader(WireWriter writer, byte[] magic, ReadOnlySpan<byte> id, string walletId, ReadOnlySpan<byte> keyId, uint epoch, PartyId self, IReadOnlyList<PartyId> parties)
    {
        writer.WriteFixed(magic);
        writer.WriteByte(FormatVersion);
        writer.WriteFixed(id);
        writer.WriteBytes(Encoding.UTF8.GetBytes(walletId));
        writer.WriteFixed(keyId);
        writer.WriteUInt32(epoch);
        WireCodec.WritePartyId(writer, self);
        WireCodec.WritePartySet(writer, parties);
    }

    private static (byte[] Id, string Wallet, byte[] KeyId, uint Epoch, PartyId Self, PartyId[] Parties) ReadHeader(WireReader reader, byte[] magic)
    {
        if (!reader.ReadFixed(magic.Length).SequenceEqual(magic))
        {
            throw new WireFormatException("not a presignature record of this kind");
        }

        if (reader.ReadByte() != FormatVersion)
        {
            throw new WireFormatException("unsupported presignature format version");
        }

        var id = reader.ReadFixed(PresignatureShare.IdLength).ToArray();
        var walletBytes = reader.ReadBytes();
        if (walletBytes.Length is 0 or > PresignatureShare.MaxWalletIdBytes)
        {
            throw new WireFormatException("wallet id length out of range");
        }

        var wallet = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(walletBytes);
        var keyId = reader.ReadFixed(KeyShare.KeyIdLength).ToArray();
        var epoch = reader.ReadUInt32();
        var self = WireCodec.ReadPartyId(reader);
        var parties = WireCodec.ReadPartySet(reader, KeyShare.MaxParties);
        return (id, wallet, keyId, epoch, self, parties);
    }
}
