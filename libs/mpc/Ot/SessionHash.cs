using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// mode: on x86 with AES-NI by <see cref="HardwareAes128"/> (no buffers, eight blocks in flight), elsewhere
/// through .NET's <see cref="Aes"/>.
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

    private readonly HardwareAes128? _hardware;
    private readonly Aes? _portable;

    /// <summary>The hash under a 16-byte session key, on AES-NI when the processor has it.</summary>
    public SessionHash(ReadOnlySpan<byte> sessionKey16)
        : this(sessionKey16, HardwareAes128.IsSupported)
    {
    }

    /// <summary>As above, choosing the implementation (tests run both and compare).</summary>
    internal SessionHash(ReadOnlySpan<byte> sessionKey16, bool useHardware)
    {
        if (sessionKey16.Length != BlockBytes)
        {
            throw new ArgumentException("The session key is 16 bytes.", nameof(sessionKey16));
        }
        if (useHardware)
        {
            _hardware = new HardwareAes128(sessionKey16);
        }
        else
        {
            _portable = Aes.Create();
            _portable.Key = sessionKey16.ToArray();
        }
    }

    /// <summary>Adds one to the counter field of a tweak (bytes 8..15 as a little-endian integer).</summary>
    private static readonly Vector128<ulong> CounterStep = Vector128.Create(0UL, 1UL);

    /// <summary>The 16-byte tweak: byte 0 = domain, bytes 4..7 = index, bytes 8..11 = counter (little-endian), rest zero.</summary>
    private static Vector128<byte> Tweak(Domain domain, int index, int counter) =>
        Vector128.Create((ulong)domain | ((ulong)(uint)index << 32), (uint)counter).AsByte();

    /// <summary>
    /// For every input block x_i (16 bytes) and every counter c in [0, blocksPerInput), writes
    /// H(x_i, (domain, firstIndex + i, c)) to output block i * blocksPerInput + c.
    /// </summary>
    public void Expand(ReadOnlySpan<byte> inputs, Domain domain, int firstIndex, int blocksPerInput, Span<byte> output)
    {
        var count = inputs.Length / BlockBytes;
        if (inputs.Length % BlockBytes != 0 || blocksPerInput < 1 || output.Length != count * blocksPerInput * BlockBytes)
        {
            throw new ArgumentException("Input and output sizes do not match.");
        }
        var inputBlocks = MemoryMarshal.Cast<byte, Vector128<byte>>(inputs);
        var outputBlocks = MemoryMarshal.Cast<byte, Vector128<byte>>(output);
        if (_hardware is not null)
        {
            ExpandHardware(_hardware, inputBlocks, domain, firstIndex, blocksPerInput, outputBlocks);
        }
        else
        {
            ExpandPortable(_portable!, inputs, domain, firstIndex, blocksPerInput, output);
        }
    }

    /// <summary>
    /// AES-NI: eight inputs are permuted at a time, then their outputs are produced eight blocks
    /// at a time; pi(x) never leaves the stack, which is wiped.
    /// </summary>
    private static void ExpandHardware(HardwareAes128 aes, ReadOnlySpan<Vector128<byte>> inputs, Domain domain, int firstIndex,
        int blocksPerInput, Span<Vector128<byte>> output)
    {
        const int Lanes = HardwareAes128.Lanes;
        Span<Vector128<byte>> permuted = stackalloc Vector128<byte>[Lanes];
        Span<Vector128<byte>> work = stackalloc Vector128<byte>[Lanes];
        Span<Vector128<byte>> masks = stackalloc Vector128<byte>[Lanes];
        for (var start = 0; start < inputs.Length; start += Lanes)
        {
            var chunk = Math.Min(Lanes, inputs.Length - start);
            inputs.Slice(start, chunk).CopyTo(permuted);
            aes.Encrypt(permuted[..chunk]);
            var chunkOutput = output.Slice(start * blocksPerInput, chunk * blocksPerInput);
            // (input, counter) of the next output block and its tweak, advanced without division.
            int input = 0, counter = 0;
            var tweak = Tweak(domain, firstIndex + start, 0).AsUInt64();
            for (var offset = 0; offset < chunkOutput.Length; offset += Lanes)
            {
                var group = Math.Min(Lanes, chunkOutput.Length - offset);
                var groupMasks = masks[..group];
                var groupWork = work[..group];
                for (var k = 0; k < groupWork.Length; k++)
                {
                    var mask = permuted[input];
                    groupMasks[k] = mask;
                    groupWork[k] = mask ^ tweak.AsByte();
                    tweak += CounterStep;
                    if (++counter == blocksPerInput)
                    {
                        counter = 0;
                        input++;
                        tweak = Tweak(domain, firstIndex + start + input, 0).AsUInt64();
                    }
                }
                aes.Encrypt(groupWork);
                var groupOutput = chunkOutput.Slice(offset, group);
                for (var k = 0; k < groupOutput.Length; k++)
                {
                    groupOutput[k] = groupWork[k] ^ groupMasks[k];
                }
            }
        }
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(permuted));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(work));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(masks));
    }

    /// <summary>Portable path (.NET's AES, batched in ECB mode); also the reference the tests compare with.</summary>
    private static void ExpandPortable(Aes aes, ReadOnlySpan<byte> inputs, Domain domain, int firstIndex, int blocksPerInput, Span<byte> output)
    {
        var count = inputs.Length / BlockBytes;
        // pi(x) for every input, in one batch.
        var permuted = new byte[inputs.Length];
        aes.EncryptEcb(inputs, permuted, PaddingMode.None);
        // pi(x) XOR tweak for every (input, counter), then pi over the whole batch.
        var tweaked = new byte[output.Length];
        var permutedBlocks = MemoryMarshal.Cast<byte, Vector128<byte>>(permuted);
        var tweakedBlocks = MemoryMarshal.Cast<byte, Vector128<byte>>(tweaked.AsSpan());
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < blocksPerInput; c++)
            {
                tweakedBlocks[(i * blocksPerInput) + c] = permutedBlocks[i] ^ Tweak(domain, firstIndex + i, c);
            }
        }
        _ = aes.EncryptEcb(tweaked, output, PaddingMode.None);
        var outputBlocks = MemoryMarshal.Cast<byte, Vector128<byte>>(output);
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < blocksPerInput; c++)
            {
                outputBlocks[(i * blocksPerInput) + c] ^= permutedBlocks[i];
            }
        }
        CryptographicOperations.ZeroMemory(permuted);
        CryptographicOperations.ZeroMemory(tweaked);
    }

    public void Dispose()
    {
        _hardware?.Dispose();
        _portable?.Dispose();
    }
}
