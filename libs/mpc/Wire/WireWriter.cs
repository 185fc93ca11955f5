using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Custody.Mpc.Wire;

/// <summary>
/// Big-endian, length-prefixed binary writer for protocol messages and key shares. The buffer may hold
/// secrets (key shares, private messages), so every grown-out buffer and the final one are wiped on dispose.
/// </summary>
public sealed class WireWriter : IDisposable
{
    private byte[] _buffer;
    private int _length;

    public WireWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    public int Length => _length;

    public void WriteByte(byte value) => Span(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Span(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Span(4), value);

    /// <summary>Writes bytes of a length both sides know (a 32-byte scalar, a 33-byte point).</summary>
    public void WriteFixed(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Span(bytes.Length));

    /// <summary>Writes a 32-bit length then the bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        WriteFixed(bytes);
    }

    /// <summary>SHA-256 of what was written, without copying the (possibly secret) bytes.</summary>
    public byte[] Sha256() => SHA256.HashData(_buffer.AsSpan(0, _length));

    /// <summary>A copy of what was written; the caller owns (and wipes, if secret) the copy.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_buffer);
        _length = 0;
    }

    private Span<byte> Span(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + count)];
            _buffer.AsSpan(0, _length).CopyTo(grown);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = grown;
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
