using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using X86Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Custody.Mpc.Ot;

/// <summary>
/// AES-128 encryption (FIPS 197) with the AES-NI instructions, for <see cref="SessionHash"/>: the key
/// schedule with AESKEYGENASSIST (Intel, "Advanced Encryption Standard (AES) New Instructions Set",
/// Gueron 2010, Section 5.2) and eight independent blocks in flight so that the rounds pipeline.
/// AES-NI runs in constant time. Callers check <see cref="IsSupported"/>; tests compare this with
/// .NET's <see cref="System.Security.Cryptography.Aes"/> (the portable path of <see cref="SessionHash"/>).
/// </summary>
internal sealed class HardwareAes128 : IDisposable
{
    public const int Lanes = 8;

    private const int Rounds = 10;

    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[Rounds + 1];

    public HardwareAes128(ReadOnlySpan<byte> key16)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available.");
        }
        if (key16.Length != 16)
        {
            throw new ArgumentException("An AES-128 key is 16 bytes.", nameof(key16));
        }
        var k = Vector128.Create(key16);
        _roundKeys[0] = k;
        // The round constants must be immediates, hence the unrolled schedule.
        _roundKeys[1] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x01));
        _roundKeys[2] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x02));
        _roundKeys[3] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x04));
        _roundKeys[4] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x08));
        _roundKeys[5] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x10));
        _roundKeys[6] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x20));
        _roundKeys[7] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x40));
        _roundKeys[8] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x80));
        _roundKeys[9] = k = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x1B));
        _roundKeys[10] = NextRoundKey(k, X86Aes.KeygenAssist(k, 0x36));
    }

    public static bool IsSupported => X86Aes.IsSupported && X86Sse2.IsSupported;

    /// <summary>w[i+4..i+7] from w[i..i+3]: prefix XOR of the previous key words, XOR SubWord(RotWord(w[i+3])) ^ rcon.</summary>
    private static Vector128<byte> NextRoundKey(Vector128<byte> key, Vector128<byte> assist)
    {
        var broadcast = X86Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= X86Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ broadcast;
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Encrypt(Vector128<byte> block)
    {
        var keys = _roundKeys;
        block ^= keys[0];
        for (var round = 1; round < Rounds; round++)
        {
            block = X86Aes.Encrypt(block, keys[round]);
        }
        return X86Aes.EncryptLast(block, keys[Rounds]);
    }

    /// <summary>Encrypts <see cref="Lanes"/> blocks in place, interleaved.</summary>
    public void Encrypt8(Span<Vector128<byte>> blocks)
    {
        var keys = _roundKeys;
        var blocks8 = blocks[..Lanes];
        var k = keys[0];
        Vector128<byte> b0 = blocks8[0] ^ k, b1 = blocks8[1] ^ k, b2 = blocks8[2] ^ k, b3 = blocks8[3] ^ k;
        Vector128<byte> b4 = blocks8[4] ^ k, b5 = blocks8[5] ^ k, b6 = blocks8[6] ^ k, b7 = blocks8[7] ^ k;
        for (var round = 1; round < Rounds; round++)
        {
            k = keys[round];
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
            b4 = X86Aes.Encrypt(b4, k);
            b5 = X86Aes.Encrypt(b5, k);
            b6 = X86Aes.Encrypt(b6, k);
            b7 = X86Aes.Encrypt(b7, k);
        }
        k = keys[Rounds];
        blocks8[0] = X86Aes.EncryptLast(b0, k);
        blocks8[1] = X86Aes.EncryptLast(b1, k);
        blocks8[2] = X86Aes.EncryptLast(b2, k);
        blocks8[3] = X86Aes.EncryptLast(b3, k);
        blocks8[4] = X86Aes.EncryptLast(b4, k);
        blocks8[5] = X86Aes.EncryptLast(b5, k);
        blocks8[6] = X86Aes.EncryptLast(b6, k);
        blocks8[7] = X86Aes.EncryptLast(b7, k);
    }

    /// <summary>Encrypts any number of blocks in place (groups of eight, then one by one).</summary>
    public void Encrypt(Span<Vector128<byte>> blocks)
    {
        var i = 0;
        for (; i + Lanes <= blocks.Length; i += Lanes)
        {
            Encrypt8(blocks[i..]);
        }
        for (; i < blocks.Length; i++)
        {
            blocks[i] = Encrypt(blocks[i]);
        }
    }

    public void Dispose() => Array.Clear(_roundKeys);
}
