using System.Buffers.Binary;

namespace Custody.Mpc.Wire;

/// <summary>
/// Reader matching <see cref="WireWriter"/>. Every read is bounds-checked; a truncated or over-long input
/// throws <see cref="WireFormatException"/> (the caller turns it into an abort naming the sender).
/// </summary>
public sealed class WireReader
{
    /// <summary>No single length-prefixed field may exceed this (a DoS bound, far above any real field).</summary>
    public const int MaxFieldLength = 16 * 1024 * 1024;

    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public WireReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
    }

    public int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> ReadFixed(int count) => Take(count);

    /// <summary>Reads a 32-bit length then that many bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadUInt32();
        if (length > MaxFieldLength)
        {
            throw new WireFormatException($"field length {length} exceeds the limit");
        }

        return Take((int)length);
    }

    /// <summary>Reads a 16-bit element count and checks it against a bound the caller knows.</summary>
    public int ReadCount(int max)
    {
        var count = ReadUInt16();
        if (count > max)
        {
            throw new WireFormatException($"count {count} exceeds {max}");
        }

        return count;
    }

    /// <summary>Rejects trailing bytes: every message has exactly one encoding.</summary>
    public void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new WireFormatException($"{Remaining} unexpected trailing bytes");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new WireFormatException("message is truncated");
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
