using System.Buffers.Binary;
using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Ot;

/// <summary>
/// Shared pieces of the batch base OT: the endemic OT of Zhou, Zhang, Zhou, Ren, "Endemic
/// Oblivious Transfer via Random Oracles, Revisited" (eprint 2022/1525, Section 3), the protocol
/// DKLs23 (eprint 2023/765, Section 5.x, "base OT") suggests. One run makes <see cref="OtParameters.Kappa"/>
/// random OTs in one round (both messages can be sent at once):
/// <list type="bullet">
/// <item>OT sender: s random, z = s*G, Schnorr proof of s (checked by the receiver).</item>
/// <item>OT receiver: a random seed gives h = HashToCurve(transcript, seed), a point of unknown
/// discrete log; for each i and choice bit b_i, r_i random, u_i = r_i*h, v_i = r_i*G + b_i*h, and
/// a proof that (u_i, v_i) encrypts a bit (checked by the sender).</item>
/// <item>Outputs: the sender gets m0_i = KDF(i, s*v_i) and m1_i = KDF(i, s*(v_i - h)); the receiver
/// gets m_{b_i} = KDF(i, r_i*z). Every point is decoded strictly (on curve, not infinity).</item>
/// </list>
/// In the OT extension the roles reverse: the multiplication receiver (Bob) is the base-OT sender
/// and the multiplication sender (Alice) is the base-OT receiver whose choice bits are the KOS
/// correlation Delta.
/// </summary>
internal static class BaseOt
{
    public const byte MessageVersion = 1;

    /// <summary>OT sender's message: version || z || DL proof.</summary>
    public const int SenderMessageLength = 1 + Point.EncodedLength + DlogProof.EncodedLength;

    public const int SeedLength = 32;

    /// <summary>One receiver entry: u || v || bit proof.</summary>
    public const int ReceiverEntryLength = (2 * Point.EncodedLength) + BitEncryptionProof.EncodedLength;

    /// <summary>OT receiver's message: version || seed || Kappa entries.</summary>
    public const int ReceiverMessageLength = 1 + SeedLength + (OtParameters.Kappa * ReceiverEntryLength);

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
        var t = new Transcript("Custody.Mpc.Multiplication.Setup.BaseOt.v1");
        t.Append("session-id", sessionId);
        t.AppendUInt64("multiplication-sender", mulSender.Value);
        t.AppendUInt64("multiplication-receiver", mulReceiver.Value);
        return t;
    }

    /// <summary>
    /// h = hash to curve by try-and-increment on the public transcript and seed (public inputs,
    /// so the variable number of tries leaks nothing secret); nobody knows log_G(h).
    /// </summary>
    public static Point DeriveH(Transcript transcript, ReadOnlySpan<byte> seed)
    {
        var t = transcript.Fork();
        t.Append("receiver-seed", seed);
        Span<byte> candidate = stackalloc byte[Point.EncodedLength];
        candidate[0] = 0x02;
        while (true)
        {
            t.ChallengeBytes("h-candidate-x", candidate[1..]);
            if (Point.TryDecode(candidate, out var h))
            {
                return h;
            }
        }
    }

    /// <summary>Key-derivation prefix binding the transcript, z and the seed.</summary>
    public static byte[] KdfPrefix(Transcript transcript, Point z, ReadOnlySpan<byte> seed)
    {
        var t = transcript.Fork();
        t.AppendPoint("z", z);
        t.Append("receiver-seed", seed);
        return t.ChallengeBytes("kdf-prefix", 32);
    }

    /// <summary>m_i = SHA-256(prefix || u32 i || u_i || v_i || shared point)[0..16].</summary>
    public static void DeriveKey(ReadOnlySpan<byte> prefix, int index, Point u, Point v, Point shared, Span<byte> destination16)
    {
        Span<byte> input = stackalloc byte[32 + 4 + (3 * Point.EncodedLength)];
        input.Clear();
        prefix.CopyTo(input);
        BinaryPrimitives.WriteInt32BigEndian(input[32..], index);
        u.WriteEncoded(input[36..]);
        v.WriteEncoded(input[(36 + Point.EncodedLength)..]);
        // A shared point at infinity (impossible after the proofs verify) hashes as 33 zero bytes.
        if (!shared.IsInfinity)
        {
            shared.WriteEncoded(input[(36 + (2 * Point.EncodedLength))..]);
        }
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

    /// <summary>Transcript for the i-th bit proof.</summary>
    public static Transcript BitProofTranscript(Transcript transcript, int index)
    {
        var t = transcript.Fork();
        t.AppendUInt64("ot-index", (ulong)index);
        return t;
    }

    /// <summary>Transcript for the sender's DL proof.</summary>
    public static Transcript DlogTranscript(Transcript transcript)
    {
        var t = transcript.Fork();
        t.Append("proof", "ot-sender-key"u8);
        return t;
    }
}
