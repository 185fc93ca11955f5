using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Custody.Mpc.Ot;

/// <summary>
/// The symmetric workhorse of the OT extension: a tweakable circular-correlation-robust hash
/// built from AES with a per-session public key (Guo, Katz, Wang, Yu, "Efficient and Secure
/// Multiparty Computation from Fixed-Key Block Ciphers", eprint 2019/074, the TCCR construction):
/// <c>H(x, tweak) = pi(pi(x) XOR tweak) XOR pi(x)</c> with <c>pi = AES-128(sessionKey, .)</c>.
/// The session key is derived from the multiplication transcript (session id, parties, setup),
/// so no two sessions share a permutation. Used (with disjoint tweak domains) as:
/// the PRG expanding base-OT seeds into matrix columns, the hash H of KOS15 turning rows into
/// random-OT pads, and the expander of the public KOS challenge seed. AES runs batched in ECB
/// mode, which .NET executes with AES-NI where available.
/// </summary>
internal sealed class SessionHash : IDisposable
{
    public const int BlockBytes = 16;

    /// <summary>Tweak domains (byte 0 of the tweak).</summary>
    public enum Domain : byte
    {
        ColumnPrg = 1,
        RowPad = 2,
        Challenge = 3,
    }

    private readonly Aes _aes;

    public SessionHash(ReadOnlySpan<byte> sessionKey16)
    {
        if (sessionKey16.Length != BlockBytes)
        {
            throw new ArgumentException("The session key is 16 bytes.", nameof(sessionKey16));
        }
        _aes = Aes.Create();
        _aes.Key = sessionKey16.ToArray();
    }

    /// <summary>Writes the 16-byte tweak (domain, index, counter).</summary>
    public static void WriteTweak(Span<byte> destination, Domain domain, int index, int counter)
    {
        destination[..BlockBytes].Clear();
        destination[0] = (byte)domain;
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], index);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], counter);
    }

    /// <summary>
    /// For every input block x_i (16 bytes) and every counter c in [0, blocksPerInput), writes
    /// H(x_i, (domain, firstIndex + i, c)) to output block i * blocksPerInput + c.
    /// </summary>
    public void Expand(ReadOnlySpan<byte> inputs, Domain domain, int firstIndex, int blocksPerInput, Span<byte> output)
    {
        var count = inputs.Length / BlockBytes;
        if (inputs.Length % BlockBytes != 0 || output.Length != count * blocksPerInput * BlockBytes)
        {
            throw new ArgumentException("Input and output sizes do not match.");
        }
        // pi(x) for every input, in one batch.
        var permuted = new byte[inputs.Length];
        _aes.EncryptEcb(inputs, permuted, PaddingMode.None);
        // pi(x) XOR tweak for every (input, counter), then pi over the whole batch.
        var tweaked = new byte[output.Length];
        for (var i = 0; i < count; i++)
        {
            var px = permuted.AsSpan(i * BlockBytes, BlockBytes);
            for (var c = 0; c < blocksPerInput; c++)
            {
                var block = tweaked.AsSpan(((i * blocksPerInput) + c) * BlockBytes, BlockBytes);
                WriteTweak(block, domain, firstIndex + i, c);
                BitMatrix.XorInto(block, px);
            }
        }
        _ = _aes.EncryptEcb(tweaked, output, PaddingMode.None);
        for (var i = 0; i < count; i++)
        {
            var px = permuted.AsSpan(i * BlockBytes, BlockBytes);
            for (var c = 0; c < blocksPerInput; c++)
            {
                BitMatrix.XorInto(output.Slice(((i * blocksPerInput) + c) * BlockBytes, BlockBytes), px);
            }
        }
        CryptographicOperations.ZeroMemory(permuted);
        CryptographicOperations.ZeroMemory(tweaked);
    }

    public void Dispose() => _aes.Dispose();
}
