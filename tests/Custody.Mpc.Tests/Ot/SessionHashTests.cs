using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_aes_runs_on_aes_ni
{
    [Fact]
    public void it_encrypts_the_fips_197_example()
    {
        Assert.SkipUnless(HardwareAes128.IsSupported, "no AES-NI on this processor");
        // FIPS 197, Appendix C.1 (AES-128).
        using var aes = new HardwareAes128(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));
        var block = Vector128.Create(Convert.FromHexString("00112233445566778899aabbccddeeff"));
        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexStringLower(MemoryMarshal.AsBytes([aes.Encrypt(block)])));
    }

    [Fact]
    public void it_agrees_with_dotnet_aes_on_random_keys_and_blocks()
    {
        Assert.SkipUnless(HardwareAes128.IsSupported, "no AES-NI on this processor");
        var rng = MpcRandom.Seeded(41);
        var key = new byte[16];
        foreach (var count in new[] { 1, 7, 8, 9, 23, 64 })
        {
            rng.Fill(key);
            var plain = new byte[count * 16];
            rng.Fill(plain);
            using var reference = Aes.Create();
            reference.Key = key;
            var expected = reference.EncryptEcb(plain, PaddingMode.None);
            using var hardware = new HardwareAes128(key);
            var blocks = MemoryMarshal.Cast<byte, Vector128<byte>>((byte[])plain.Clone()).ToArray();
            hardware.Encrypt(blocks);
            Assert.Equal(expected, MemoryMarshal.AsBytes(blocks.AsSpan()).ToArray());
        }
    }
}

public sealed class when_the_session_hash_expands_inputs
{
    [Theory]
    [InlineData(128, 5, (byte)SessionHash.Domain.ColumnPrg)]
    [InlineData(416, 8, (byte)SessionHash.Domain.RowPad)]
    [InlineData(1, 640, (byte)SessionHash.Domain.Challenge)]
    [InlineData(13, 3, (byte)SessionHash.Domain.RowPad)]
    public void the_aes_ni_and_portable_paths_give_the_same_output(int inputs, int blocksPerInput, byte domain)
    {
        Assert.SkipUnless(HardwareAes128.IsSupported, "no AES-NI on this processor");
        var rng = MpcRandom.Seeded((ulong)(inputs * 1000 + blocksPerInput));
        var key = new byte[16];
        rng.Fill(key);
        var input = new byte[inputs * 16];
        rng.Fill(input);
        using var hardware = new SessionHash(key, useHardware: true);
        using var portable = new SessionHash(key, useHardware: false);
        var fast = new byte[inputs * blocksPerInput * 16];
        var reference = new byte[fast.Length];
        hardware.Expand(input, (SessionHash.Domain)domain, 3, blocksPerInput, fast);
        portable.Expand(input, (SessionHash.Domain)domain, 3, blocksPerInput, reference);
        Assert.Equal(reference, fast);
    }

    [Fact]
    public void mismatched_sizes_are_refused()
    {
        using var hash = new SessionHash(new byte[16]);
        Assert.Throws<ArgumentException>(() => hash.Expand(new byte[32], SessionHash.Domain.RowPad, 0, 2, new byte[48]));
        Assert.Throws<ArgumentException>(() => hash.Expand(new byte[31], SessionHash.Domain.RowPad, 0, 1, new byte[31]));
        Assert.Throws<ArgumentException>(() => new SessionHash(new byte[15]));
    }
}
