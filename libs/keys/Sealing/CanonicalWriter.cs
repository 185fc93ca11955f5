using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Custody.Keys.Sealing;

/// <summary>
/// Unambiguous byte encoding for associated data (docs/keys.md "Associated data"): every variable-length
/// field is written as a 2-byte big-endian length followed by its bytes, integers as fixed-width
/// big-endian. Two different field sequences can never encode to the same bytes.
/// </summary>
internal sealed class CanonicalWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(128);

    public CanonicalWriter WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("A canonical field is limited to 65535 bytes.", nameof(value));
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.GetSpan(2), (ushort)length);
        _buffer.Advance(2);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
        return this;
    }

    public CanonicalWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public CanonicalWriter WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
