using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Keys;

/// <summary>
/// Versioned serialisation of a <see cref="KeyShare"/>. The bytes hold this party's secret share and OT state: the
/// caller seals them (KMS/HSM envelope encryption, attested enclave storage) and wipes the array.
/// <para>
/// Format version 1: magic "CMKS", version byte 0x01, then sections <c>u16 tag || u32 length || body</c>:
/// 0x0001 identity (key id 32, self u16, threshold u16, party set u16 count + u16 ids, epoch u32);
/// 0x0002 secret (x_i, 32); 0x0003 public (public key 33, then X_j 33 per party in set order);
/// 0x0004 chain code (32); 0x0005 pair, once per counterpart (counterpart u16, status u8, OT epoch u32,
/// zero seed 32, u32-prefixed MulSenderSetup, u32-prefixed MulReceiverSetup; both empty when discarded).
/// Sections 0x0001-0x0005 are required, in this order. Tags 0x8000 and above are optional extensions a reader
/// may skip (room for derivation caches or presignature references); an unknown tag below 0x8000 is a required
/// section of a newer format and is rejected. Refresh and resharing write a new epoch with new pair sections, so
/// they need no format change.
/// </para>
/// </summary>
public static class KeyShareCodec
{
    public const byte FormatVersion = 1;

    private const ushort TagIdentity = 0x0001;
    private const ushort TagSecret = 0x0002;
    private const ushort TagPublic = 0x0003;
    private const ushort TagChainCode = 0x0004;
    private const ushort TagPair = 0x0005;
    private const ushort FirstOptionalTag = 0x8000;

    private static readonly byte[] Magic = "CMKS"u8.ToArray();

    /// <summary>The serialised share (secret: seal it, wipe the array after use).</summary>
    public static byte[] Serialize(KeyShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        if (share.IsDerived)
        {
            throw new ArgumentException("a derived share (KeyShare.WithTweak) is not stored: store the wallet's share and derive again", nameof(share));
        }

        using var writer = new WireWriter(16384);
        writer.WriteFixed(Magic);
        writer.WriteByte(FormatVersion);
        Section(writer, TagIdentity, body =>
        {
            body.WriteFixed(share.KeyId);
            WireCodec.WritePartyId(body, share.Self);
            body.WriteUInt16((ushort)share.Threshold);
            WireCodec.WritePartySet(body, share.Parties);
            body.WriteUInt32(share.Epoch);
        });
        Section(writer, TagSecret, body => WireCodec.WriteScalar(body, share.SecretShare));
        Section(writer, TagPublic, body =>
        {
            WireCodec.WritePoint(body, share.PublicKey);
            foreach (var party in share.Parties)
            {
                WireCodec.WritePoint(body, share.PublicShare(party));
            }
        });
        Section(writer, TagChainCode, body => body.WriteFixed(share.ChainCode));
        foreach (var pair in share.Pairs)
        {
            Section(writer, TagPair, body =>
            {
                WireCodec.WritePartyId(body, pair.Counterpart);
                body.WriteByte((byte)pair.Status);
                body.WriteUInt32(pair.OtEpoch);
                body.WriteFixed(pair.ZeroSeed);
                // A discarded pair that a running session still holds keeps its setups in memory until that session
                // ends; it is stored without them all the same.
                var active = pair.Status == PairStatus.Active;
                WriteSecret(body, active ? pair.Sender!.ToBytes() : []);
                WriteSecret(body, active ? pair.Receiver!.ToBytes() : []);
            });
        }

        return writer.ToArray();
    }

    /// <summary>Parses and fully validates a share (structure, x_i*G == X_i, public shares on one polynomial).</summary>
    public static KeyShare Deserialize(ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        var sections = new List<byte[]>();
        var pairs = new List<PairwiseState>();
        try
        {
            var reader = new WireReader(copy);
            if (!reader.ReadFixed(Magic.Length).SequenceEqual(Magic))
            {
                throw new WireFormatException("not a key share");
            }

            var version = reader.ReadByte();
            if (version != FormatVersion)
            {
                throw new WireFormatException($"key share format version {version} is not supported");
            }

            var identity = RequiredSection(reader, sections, TagIdentity);
            var keyId = identity.ReadFixed(KeyShare.KeyIdLength).ToArray();
            var self = WireCodec.ReadPartyId(identity);
            var threshold = identity.ReadUInt16();
            var parties = WireCodec.ReadPartySet(identity, KeyShare.MaxParties);
            var epoch = identity.ReadUInt32();
            identity.EnsureEnd();

            var secretSection = RequiredSection(reader, sections, TagSecret);
            var secret = WireCodec.ReadScalar(secretSection);
            secretSection.EnsureEnd();

            var publicSection = RequiredSection(reader, sections, TagPublic);
            var publicKey = WireCodec.ReadPoint(publicSection);
            var publicShares = parties.ToDictionary(p => p, _ => WireCodec.ReadPoint(publicSection));
            publicSection.EnsureEnd();

            var chainSection = RequiredSection(reader, sections, TagChainCode);
            var chainCode = chainSection.ReadFixed(KeyShare.ChainCodeLength).ToArray();
            chainSection.EnsureEnd();

            while (reader.Remaining > 0)
            {
                var tag = reader.ReadUInt16();
                var body = new WireReader(Copy(reader.ReadBytes(), sections));
                if (tag == TagPair)
                {
                    pairs.Add(ReadPair(body, self));
                }
                else if (tag < FirstOptionalTag)
                {
                    throw new WireFormatException($"unknown required section 0x{tag:X4}");
                }
            }

            if (pairs.Select(p => p.Counterpart).Distinct().Count() != pairs.Count)
            {
                throw new WireFormatException("duplicate pair section");
            }

            return new KeyShare(keyId, self, threshold, parties, epoch, secret, publicKey, publicShares, chainCode, pairs);
        }
        catch (Exception ex) when (ex is WireFormatException or ArgumentException or FormatException)
        {
            foreach (var pair in pairs)
            {
                pair.Dispose();
            }

            throw new WireFormatException("invalid key share: " + ex.Message, ex);
        }
        finally
        {
            // The secret share and the OT seeds were in these copies.
            CryptographicOperations.ZeroMemory(copy);
            foreach (var section in sections)
            {
                CryptographicOperations.ZeroMemory(section);
            }
        }
    }

    private static PairwiseState ReadPair(WireReader body, PartyId self)
    {
        var counterpart = WireCodec.ReadPartyId(body);
        var status = (PairStatus)body.ReadByte();
        var otEpoch = body.ReadUInt32();
        var seed = body.ReadFixed(32);
        var senderBytes = body.ReadBytes();
        var receiverBytes = body.ReadBytes();
        body.EnsureEnd();
        if (!Enum.IsDefined(status) || counterpart == self)
        {
            throw new WireFormatException("bad pair section");
        }

        if (status == PairStatus.Discarded)
        {
            if (senderBytes.Length != 0 || receiverBytes.Length != 0)
            {
                throw new WireFormatException("a discarded pair carries no OT state");
            }

            return new PairwiseState(counterpart, seed, otEpoch, null, null);
        }

        var sender = MulSenderSetup.ReadFrom(senderBytes);
        var receiver = MulReceiverSetup.ReadFrom(receiverBytes);
        if (sender.Self != self || sender.Counterpart != counterpart || receiver.Self != self || receiver.Counterpart != counterpart)
        {
            sender.Dispose();
            receiver.Dispose();
            throw new WireFormatException("OT setup belongs to another pair");
        }

        return new PairwiseState(counterpart, seed, otEpoch, sender, receiver);
    }

    private static WireReader RequiredSection(WireReader reader, List<byte[]> sections, ushort tag)
    {
        if (reader.ReadUInt16() != tag)
        {
            throw new WireFormatException($"section 0x{tag:X4} missing or out of order");
        }

        return new WireReader(Copy(reader.ReadBytes(), sections));
    }

    /// <summary>A copy of a section body, remembered so that it is wiped when parsing ends.</summary>
    private static byte[] Copy(ReadOnlySpan<byte> body, List<byte[]> sections)
    {
        var copy = body.ToArray();
        sections.Add(copy);
        return copy;
    }

    private static void Section(WireWriter writer, ushort tag, Action<WireWriter> write)
    {
        using var body = new WireWriter(4096);
        write(body);
        writer.WriteUInt16(tag);
        var bytes = body.ToArray();
        writer.WriteBytes(bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }

    private static void WriteSecret(WireWriter writer, byte[] bytes)
    {
        writer.WriteBytes(bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }
}
