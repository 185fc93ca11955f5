using System.Buffers.Binary;
using System.Security.Cryptography;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Ot;

/// <summary>
/// Maps bytes to a point of secp256k1 that is uniform over the group minus infinity (modelled as
/// a random oracle onto the group, as the endemic OT of Masny and Rindal, eprint 2019/706, Fig. 8,
/// requires of its H). Trial k hashes <c>u32 len(domain) || domain || u64 len(message) || message
/// || u32 k</c> with SHA-512; the first 32 digest bytes are a candidate x and bit 0 of byte 32 is
/// the parity of y. The first candidate that decodes (x &lt; p and x^3 + 7 a square) wins.
/// <para>
/// Why uniform: each trial is an independent uniform 256-bit x, so the accepted x is uniform over
/// the x coordinates of curve points; each such x has exactly two points (y and -y, never y = 0 since
/// the group has odd prime order) and the parity bit picks one of them uniformly. About half the
/// trials succeed. The inputs are public (transcript, index and a point sent in the clear), so the
/// variable number of trials leaks nothing secret.
/// </para>
/// </summary>
internal static class HashToCurve
{
    private const int StackLimit = 256;

    /// <summary>Bytes one trial consumes: a 32-byte x and one byte whose low bit is the y parity.</summary>
    private const int CandidateLength = 33;

    /// <summary>H(domain, message): deterministic, uniform on the group for distinct (domain, message).</summary>
    public static Point Hash(ReadOnlySpan<byte> domain, ReadOnlySpan<byte> message)
    {
        var length = 4 + domain.Length + 8 + message.Length + 4;
        Span<byte> input = length <= StackLimit ? stackalloc byte[StackLimit] : new byte[length];
        input = input[..length];
        BinaryPrimitives.WriteUInt32BigEndian(input, (uint)domain.Length);
        domain.CopyTo(input[4..]);
        BinaryPrimitives.WriteUInt64BigEndian(input[(4 + domain.Length)..], (ulong)message.Length);
        message.CopyTo(input[(12 + domain.Length)..]);
        var counter = input[^4..];

        Span<byte> digest = stackalloc byte[SHA512.HashSizeInBytes];
        for (uint trial = 0; ; trial++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(counter, trial);
            SHA512.HashData(input, digest);
            if (TryCandidate(digest, out var point))
            {
                return point;
            }
        }
    }

    /// <summary>
    /// A uniformly random point (never infinity) by the same trials on fresh random bytes: cheaper
    /// than a scalar multiplication and with the same distribution as k*G for uniform non-zero k.
    /// </summary>
    public static Point RandomPoint(MpcRandom rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        Span<byte> bytes = stackalloc byte[CandidateLength];
        while (true)
        {
            rng.Fill(bytes);
            if (TryCandidate(bytes, out var point))
            {
                return point;
            }
        }
    }

    private static bool TryCandidate(ReadOnlySpan<byte> xThenParity, out Point point)
    {
        Span<byte> encoded = stackalloc byte[Point.EncodedLength];
        encoded[0] = (byte)(0x02 | (xThenParity[32] & 1));
        xThenParity[..32].CopyTo(encoded[1..]);
        return Point.TryDecode(encoded, out point);
    }
}
