using System.Buffers.Binary;
using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot.Group;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Ot;

/// <summary>
/// Shared pieces of the batch base OT: the endemic OT of Masny and Rindal ("Endemic Oblivious
/// Transfer", eprint 2019/706, Fig. 8) instantiated with Diffie-Hellman key agreement in the
/// prime-order group ristretto255 (RFC 9496, through libsodium: <see cref="Ristretto255"/>), in the
/// form analysed by Zhou, Zhang, Zhou, Ren ("Endemic Oblivious Transfer via Random Oracles,
/// Revisited", eprint 2022/1525) and suggested by DKLs23 (eprint 2023/765) for its base OTs. The
/// OT outputs are 16-byte keys, so the base-OT group is independent of the signing curve; ristretto255
/// gives a uniform hash onto the group and native constant-time arithmetic (about 4x faster here
/// than secp256k1 in C#). One run makes <see cref="OtParameters.Kappa"/> random OTs with ONE sender
/// key; both flows are independent, so the exchange is one round.
/// <list type="bullet">
/// <item>OT sender: s uniform non-zero, z = s*B, Schnorr proof of knowledge of s bound to the
/// transcript (<see cref="RistrettoDlogProof"/>; makes a corrupted sender's key extractable).</item>
/// <item>OT receiver, for each i with choice bit b: x uniform non-zero, P = x*B; r_{1-b} a uniformly
/// random element; r_b = P - H(i, r_{1-b}); sends (r_0, r_1) (32 bytes each).</item>
/// <item>Sender: Q_j = r_j + H(i, r_{1-j}) (so Q_b = P), m_j = KDF(i, r_0, r_1, s*Q_j). Receiver:
/// m_b = KDF(i, r_0, r_1, x*z). H is <see cref="HashPoint"/>: SHA-512 under a domain bound to the
/// transcript (session id, both parties) and the index, mapped by RFC 9496's one-way map (uniform).</item>
/// </list>
/// <para>
/// Receiver privacy (Delta stays hidden): r_{1-b} is uniform and, with H a random oracle onto the
/// group, r_b = P - H(i, r_{1-b}) is uniform and independent of it whatever b is (P is uniform and
/// independent of H); so (r_0, r_1) is a pair of independent uniform elements for either bit, even for
/// a sender with unbounded computing power. This needs every encoding to be a uniform element of the
/// group: a construction that masks an x-only or Montgomery-u encoding by XOR with a hash would
/// send strings whose validity (quadratic character, top bit) depends on which slot is the real key
/// and would leak b.
/// </para>
/// <para>
/// Sender privacy: Q_0 = r_0 + H(i, r_1) and Q_1 = r_1 + H(i, r_0) each depend on a random-oracle
/// output of the other element, so in the ROM a receiver that fixes one first meets a uniform
/// offset in the other and can know the discrete log of at most one of Q_0, Q_1; for the other,
/// s*Q_{1-b} is a CDH value under z and m_{1-b} is pseudorandom. A malicious receiver may still pick
/// (r_0, r_1) freely: endemic security lets a corrupted party fix its own outputs, and Masny-Rindal
/// show that endemic base OTs suffice for the KOS-style extension used here. The sender aborts on an
/// encoding that is not a canonical group element and on s*Q_j = identity (Q_j = identity when
/// r_j = -H(i, r_{1-j})), which would make the key known to everyone.
/// </para>
/// In the OT extension the roles reverse: the multiplication receiver (Bob) is the base-OT sender
/// and the multiplication sender (Alice) is the base-OT receiver whose choice bits are the KOS
/// correlation Delta.
/// </summary>
internal static class BaseOt
{
    /// <summary>Version 3: endemic OT in ristretto255 (2: in secp256k1; 1: with per-OT bit-encryption proofs).</summary>
    public const byte MessageVersion = 3;

    /// <summary>Bytes of a group element on the wire.</summary>
    public const int ElementLength = Ristretto255.PointLength;

    /// <summary>OT sender's message: version || z || DL proof.</summary>
    public const int SenderMessageLength = 1 + ElementLength + RistrettoDlogProof.EncodedLength;

    /// <summary>One receiver entry: r_0 || r_1.</summary>
    public const int ReceiverEntryLength = 2 * ElementLength;

    /// <summary>OT receiver's message: version || Kappa entries.</summary>
    public const int ReceiverMessageLength = 1 + (OtParameters.Kappa * ReceiverEntryLength);

    /// <summary>Bytes of the hash-to-group domain derived from the transcript.</summary>
    public const int HashDomainLength = 32;

    /// <summary>Transcript bound to the session id and the two parties in their multiplication roles.</summary>
    public static Transcript StartTranscript(ReadOnlySpan<byte> sessionId, PartyId mulSender, PartyId mulReceiver)
    {
        if (sessionId.IsEmpty)
        {
            throw new ArgumentException("The session id must not be empty.", nameof(sessionId));
        }
        if (!mulSender.IsValid || !mulReceiver.IsValid || mulSender == mulReceiver)
        {
            throw new ArgumentException("The two parties must be valid and distinct.");
        }
        var t = new Transcript("Custody.Mpc.Multiplication.Setup.EndemicOt.Ristretto255.v3");
        t.Append("session-id", sessionId);
        t.AppendUInt64("multiplication-sender", mulSender.Value);
        t.AppendUInt64("multiplication-receiver", mulReceiver.Value);
        return t;
    }

    /// <summary>The offset of entry i (r_0 || r_1) in the receiver's message.</summary>
    public static int EntryOffset(int index) => 1 + (index * ReceiverEntryLength);

    /// <summary>Domain of H for this transcript (session id and both parties).</summary>
    public static byte[] HashDomain(Transcript transcript)
    {
        var t = transcript.Fork();
        return t.ChallengeBytes("hash-to-group-domain", HashDomainLength);
    }

    /// <summary>H(i, r) = FromHash(SHA-512(domain || u32 i || r)), r the encoding of the other element.</summary>
    public static void HashPoint(ReadOnlySpan<byte> domain, int index, ReadOnlySpan<byte> otherEncoded, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[HashDomainLength + 4 + ElementLength];
        domain[..HashDomainLength].CopyTo(message);
        BinaryPrimitives.WriteInt32BigEndian(message[HashDomainLength..], index);
        otherEncoded[..ElementLength].CopyTo(message[(HashDomainLength + 4)..]);
        Span<byte> digest = stackalloc byte[SHA512.HashSizeInBytes];
        SHA512.HashData(message, digest);
        Ristretto255.FromHash(digest, destination);
    }

    /// <summary>Key-derivation prefix binding the transcript, z and the whole receiver message (the batch).</summary>
    public static byte[] KdfPrefix(Transcript transcript, ReadOnlySpan<byte> z, ReadOnlySpan<byte> receiverMessage)
    {
        var t = transcript.Fork();
        t.Append("z", z);
        t.Append("ot-receiver-message", receiverMessage);
        return t.ChallengeBytes("kdf-prefix", 32);
    }

    /// <summary>m_i = SHA-256(prefix || u32 i || r_0 || r_1 || shared element)[0..16].</summary>
    public static void DeriveKey(ReadOnlySpan<byte> prefix, int index, ReadOnlySpan<byte> entry, ReadOnlySpan<byte> shared, Span<byte> destination16)
    {
        Span<byte> input = stackalloc byte[32 + 4 + ReceiverEntryLength + ElementLength];
        prefix[..32].CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[32..], index);
        entry[..ReceiverEntryLength].CopyTo(input[36..]);
        shared[..ElementLength].CopyTo(input[(36 + ReceiverEntryLength)..]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        digest[..OtParameters.KappaBytes].CopyTo(destination16);
        CryptographicOperations.ZeroMemory(digest);
        CryptographicOperations.ZeroMemory(input);
    }

    /// <summary>Identifier of the resulting setup, common to both parties.</summary>
    public static byte[] SetupId(Transcript transcript, ReadOnlySpan<byte> senderMessage, ReadOnlySpan<byte> receiverMessage)
    {
        var t = transcript.Fork();
        t.Append("ot-sender-message", senderMessage);
        t.Append("ot-receiver-message", receiverMessage);
        return t.ChallengeBytes("setup-id", 32);
    }

    /// <summary>Transcript for the sender's DL proof.</summary>
    public static Transcript DlogTranscript(Transcript transcript)
    {
        var t = transcript.Fork();
        t.Append("proof", "ot-sender-key"u8);
        return t;
    }
}
