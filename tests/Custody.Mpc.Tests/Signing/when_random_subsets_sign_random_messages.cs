using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signing;

/// <summary>Seeded property test: random signing sets (of size t..n) and random messages always give valid signatures.</summary>
public sealed class when_random_subsets_sign_random_messages(SharedKeys keys) : IClassFixture<SharedKeys>
{
    [Theory]
    [InlineData(101UL)]
    [InlineData(202UL)]
    [InlineData(303UL)]
    public async Task every_signature_verifies_and_recovers_to_the_key_address(ulong seed)
    {
        var random = MpcRandom.Seeded(seed);
        var shares = keys.Fresh();
        var all = shares.Keys.Order().ToArray();
        var signed = new List<(byte[] Hash, EcdsaSignature Signature)>();
        for (var i = 0; i < 3; i++)
        {
            var size = 2 + (Byte(random) % 2);
            var signers = all.OrderBy(_ => Byte(random)).Take(size).Order().ToArray();
            var hash = new byte[32];
            random.Fill(hash);
            var signature = (await Cluster.SignAsync(shares, signers, hash, random)).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature), $"signers {string.Join(",", signers)}");
            signed.Add((hash, signature));
        }

        Assert.All(await Verify.RecoverWithEthersAsync(signed), a => Assert.Equal(Verify.Address(keys.PublicKey), a));
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    private static int Byte(MpcRandom random)
    {
        Span<byte> b = stackalloc byte[1];
        random.Fill(b);
        return b[0];
    }
}
