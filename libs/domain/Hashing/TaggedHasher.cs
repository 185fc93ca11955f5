using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Custody.Domain.Hashing;

/// <summary>
/// Domain-separated, unambiguous hashing used for the intent hash and the approval digest
/// (docs/policy.md "Intent hash", docs/approvals.md "Digest"):
/// <code>
/// H = SHA-256( u32be(len(domain)) || domain
///              || tag_1 || u32be(len(v_1)) || v_1 || ... || tag_n || u32be(len(v_n)) || v_n )
/// </code>
/// where domain is an ASCII string such as "custody/intent/v1", each tag is one byte, fields appear in
/// ascending tag order exactly once, and every value is length-prefixed so that no two different field
/// lists share an encoding.
/// </summary>
public sealed class TaggedHasher
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private int _lastTag = -1;

    public TaggedHasher(string domain)
    {
        WriteLengthPrefixed(Encoding.ASCII.GetBytes(domain));
    }

    public TaggedHasher Add(byte tag, ReadOnlySpan<byte> value)
    {
        if (tag <= _lastTag)
        {
            throw new InvalidOperationException($"Tag {tag} is out of order; tags must be strictly ascending.");
        }

        _lastTag = tag;
        _buffer.Write([tag]);
        WriteLengthPrefixed(value);
        return this;
    }

    /// <summary>A UTF-8 string field.</summary>
    public TaggedHasher AddUtf8(byte tag, string value) => Add(tag, Encoding.UTF8.GetBytes(value));

    /// <summary>An unsigned 64-bit field, 8 bytes big-endian.</summary>
    public TaggedHasher AddUInt64(byte tag, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        return Add(tag, buffer);
    }

    /// <summary>A signed 64-bit field, 8 bytes big-endian two's complement.</summary>
    public TaggedHasher AddInt64(byte tag, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        return Add(tag, buffer);
    }

    /// <summary>The 32-byte SHA-256 digest of everything added so far.</summary>
    public byte[] Finish() => SHA256.HashData(_buffer.WrittenSpan);

    private void WriteLengthPrefixed(ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, checked((uint)value.Length));
        _buffer.Write(length);
        _buffer.Write(value);
    }
}
