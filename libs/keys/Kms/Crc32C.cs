using System.Buffers.Binary;
using System.Numerics;

namespace Custody.Keys.Kms;

/// <summary>
/// CRC32C (Castagnoli), the checksum of Cloud KMS's integrity fields (docs/google-cloud.md "Cloud KMS and HSMs"): initial value
/// 0xFFFFFFFF, reflected polynomial 0x82F63B78 as computed by <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// (hardware instruction where available), final complement. CRC32C("123456789") = 0xE3069283.
/// </summary>
public static class Crc32C
{
    /// <summary>The CRC32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>The CRC32C as the int64 Cloud KMS carries in its <c>*_crc32c</c> wrapper fields.</summary>
    public static long ComputeForKms(ReadOnlySpan<byte> data) => Compute(data);
}
