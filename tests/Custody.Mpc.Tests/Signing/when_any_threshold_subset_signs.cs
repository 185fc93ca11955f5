using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signing;

/// <summary>DKG then signing by every t-subset over (2,2), (2,3), (3,5); every signature checked by .NET and ethers.</summary>
public sealed class when_any_threshold_subset_signs
{
    [Theory]
    [InlineData(2, 2, 11UL)]
    [InlineData(2, 3, 12UL)]
    [InlineData(3, 5, 13UL)]
    public async Task every_subset_produces_a_signature_that_dotnet_and_ethers_accept(int t, int n, ulong seed)
    {
        var random = MpcRandom.Seeded(seed);
        var shares = await Cluster.GenerateAsync(t, n, random);
        var publicKey = shares.Values.First().PublicKey;
        var signed = new List<(byte[] Hash, EcdsaSignature Signature)>();
        foreach (var subset in Subsets(Cluster.Ids(n), t))
        {
            var hash = new byte[32];
            random.Fill(hash);
            var signature = (await Cluster.SignAsync(shares, subset, hash, random)).Signature();
            Assert.True(Verify.WithDotNet(publicKey, hash, signature), $"subset {string.Join(",", subset)}");
            signed.Add((hash, signature));
        }

        var recovered = await Verify.RecoverWithEthersAsync(signed);
        Assert.All(recovered, address => Assert.Equal(Verify.Address(publicKey), address));
        Assert.Equal(Binomial(n, t), recovered.Length);
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    [Fact]
    public async Task signatures_are_low_s()
    {
        var random = MpcRandom.Seeded(21);
        var shares = await Cluster.GenerateAsync(2, 2, random);
        var halfOrder = Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0");
        for (var i = 0; i < 6; i++)
        {
            var hash = new byte[32];
            random.Fill(hash);
            var signature = (await Cluster.SignAsync(shares, Cluster.Ids(2), hash, random)).Signature();
            Assert.True(signature.S.AsSpan().SequenceCompareTo(halfOrder) <= 0);
        }
    }

    internal static IEnumerable<PartyId[]> Subsets(PartyId[] ids, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = 0; i <= ids.Length - size; i++)
        {
            foreach (var rest in Subsets(ids[(i + 1)..], size - 1))
            {
                yield return [ids[i], .. rest];
            }
        }
    }

    private static int Binomial(int n, int k) => k == 0 ? 1 : Binomial(n - 1, k - 1) * n / k;
}
