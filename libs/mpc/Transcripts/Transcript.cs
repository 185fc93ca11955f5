using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Transcripts;

/// <summary>
/// A Fiat-Shamir transcript in the style of Merlin: a 32-byte chaining state absorbs framed
/// records, state' = SHA-256(state || record). Every record is unambiguous:
/// <c>kind (1 byte) || u32 len(label) || label (UTF-8) || u64 len(data) || data</c>, so two
/// different sequences of appends can never produce the same byte stream (the TSSHOCK lesson).
/// Challenges absorb their own label and length before output and ratchet the state afterwards,
/// so successive challenges differ. Not thread-safe; <see cref="Fork"/> copies the state.
/// </summary>
public sealed class Transcript
{
    private const byte KindProtocol = 0x00;
    private const byte KindAppend = 0x01;
    private const byte KindChallenge = 0x02;
    private const byte KindOutput = 0x03;
    private const byte KindRatchet = 0x04;

    /// <summary>Records up to this size are assembled on the stack and hashed in one call.</summary>
    private const int MaxStackRecord = 512;

    private readonly byte[] _state = new byte[32];

    /// <summary>Starts a transcript for one protocol; the label is its domain separator.</summary>
    public Transcript(string protocolLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocolLabel);
        "Custody.Mpc.Transcript.v1"u8.CopyTo(_state);
        Absorb(KindProtocol, protocolLabel, []);
    }

    private Transcript(byte[] state) => state.CopyTo(_state, 0);

    /// <summary>An independent copy with the same state.</summary>
    public Transcript Fork() => new(_state);

    /// <summary>Appends labelled data.</summary>
    public void Append(string label, ReadOnlySpan<byte> data) => Absorb(KindAppend, label, data);

    public void AppendScalar(string label, Scalar scalar)
    {
        Span<byte> bytes = stackalloc byte[Scalar.ByteLength];
        scalar.WriteBytes(bytes);
        Absorb(KindAppend, label, bytes);
        CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>Appends the compressed encoding (infinity is appended as a single 0x00 byte).</summary>
    public void AppendPoint(string label, Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.IsInfinity)
        {
            Absorb(KindAppend, label, [0x00]);
            return;
        }
        Span<byte> bytes = stackalloc byte[Point.EncodedLength];
        point.WriteEncoded(bytes);
        Absorb(KindAppend, label, bytes);
    }

    public void AppendUInt64(string label, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        Absorb(KindAppend, label, bytes);
    }

    /// <summary>Writes challenge bytes derived from everything appended so far and the label.</summary>
    public void ChallengeBytes(string label, Span<byte> destination)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)destination.Length);
        Absorb(KindChallenge, label, length);

        // Output block i = SHA-256(state || KindOutput || u32 i); then ratchet the state.
        Span<byte> input = stackalloc byte[32 + 1 + 4];
        _state.CopyTo(input);
        input[32] = KindOutput;
        Span<byte> block = stackalloc byte[32];
        uint counter = 0;
        var remaining = destination;
        while (!remaining.IsEmpty)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input[33..], counter++);
            SHA256.HashData(input, block);
            var take = Math.Min(32, remaining.Length);
            block[..take].CopyTo(remaining);
            remaining = remaining[take..];
        }
        Absorb(KindRatchet, label, []);
    }

    public byte[] ChallengeBytes(string label, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = new byte[length];
        ChallengeBytes(label, bytes);
        return bytes;
    }

    /// <summary>A challenge scalar from 64 challenge bytes reduced modulo q (bias below 2^-256).</summary>
    public Scalar ChallengeScalar(string label)
    {
        Span<byte> wide = stackalloc byte[Scalar.WideByteLength];
        ChallengeBytes(label, wide);
        return Scalar.FromWideBytes(wide);
    }

    private void Absorb(byte kind, string label, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(label);
        var labelLength = Encoding.UTF8.GetByteCount(label);
        var headerLength = _state.Length + 1 + 4 + labelLength + 8;
        if (headerLength + data.Length <= MaxStackRecord)
        {
            // Small record: one buffer on the stack and one-shot SHA-256 (no hash object per record).
            Span<byte> record = stackalloc byte[headerLength + data.Length];
            WriteHeader(record, kind, label, labelLength, (ulong)data.Length);
            data.CopyTo(record[headerLength..]);
            SHA256.HashData(record, _state);
            CryptographicOperations.ZeroMemory(record);
            return;
        }

        // Large record (an OT-extension matrix, the multiplication's tau): the data is hashed in place, never copied.
        Span<byte> header = headerLength <= MaxStackRecord ? stackalloc byte[headerLength] : new byte[headerLength];
        WriteHeader(header, kind, label, labelLength, (ulong)data.Length);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(data);
        hash.GetHashAndReset(_state);
    }

    /// <summary>state || kind || u32 len(label) || label || u64 len(data): the record without its data.</summary>
    private void WriteHeader(Span<byte> destination, byte kind, string label, int labelLength, ulong dataLength)
    {
        _state.CopyTo(destination);
        var rest = destination[_state.Length..];
        rest[0] = kind;
        BinaryPrimitives.WriteUInt32BigEndian(rest[1..], (uint)labelLength);
        Encoding.UTF8.GetBytes(label, rest.Slice(5, labelLength));
        BinaryPrimitives.WriteUInt64BigEndian(rest[(5 + labelLength)..], dataLength);
    }
}
