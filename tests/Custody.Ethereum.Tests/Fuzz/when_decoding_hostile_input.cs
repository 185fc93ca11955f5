using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Tests.CrossCheck;
using Custody.Ethereum.Transactions;

namespace Custody.Ethereum.Tests.Fuzz;

/// <summary>
/// Seeded fuzzing of the decoders: random bytes, mutated valid transactions, truncated and oversized
/// lengths. The only acceptable failure is the library's <see cref="EthereumFormatException"/>; any
/// other exception type fails the test. Inputs that do decode must re-encode to themselves.
/// </summary>
public sealed class when_decoding_hostile_input
{
    private const int Seed = 4242;

    [Fact]
    public void random_bytes_yield_only_format_errors()
    {
        var rng = new Random(Seed);
        for (var i = 0; i < 3000; i++)
        {
            var input = new byte[rng.Next(0, 200)];
            rng.NextBytes(input);
            if (input.Length > 0 && rng.Next(2) == 0)
            {
                input[0] = (byte)rng.Next(0, 3); // steer towards typed transactions
            }

            AssertDecodesOrFormatError(input, $"random input {i}");
        }
    }

    [Fact]
    public void mutated_valid_transactions_yield_only_format_errors_or_canonical_transactions()
    {
        var rng = new Random(Seed + 1);
        var source = new RandomTransactions(Seed + 2);
        using var key = PrivateKey.Create(source.NextPrivateKey());
        var valid = Enumerable.Range(0, 30).Select(i => source.Next(i).Sign(key).ToArray()).ToArray();
        var rejected = 0;
        for (var i = 0; i < 4000; i++)
        {
            var input = Mutate(valid[i % valid.Length], rng);
            rejected += AssertDecodesOrFormatError(input, $"mutation {i}") ? 0 : 1;
        }

        Assert.True(rejected > 3000, $"only {rejected} of 4000 mutations were rejected");
    }

    [Fact]
    public void random_rlp_structures_decode_canonically_or_fail_with_rlp_errors()
    {
        var rng = new Random(Seed + 3);
        for (var i = 0; i < 2000; i++)
        {
            var encoded = RlpEncoder.Encode(RandomItem(rng, 0));
            Assert.Equal(encoded, RlpEncoder.Encode(RlpDecoder.Decode(encoded)));
            var mutated = Mutate(encoded, rng);
            try
            {
                var item = RlpDecoder.Decode(mutated);
                Assert.Equal(mutated, RlpEncoder.Encode(item));
            }
            catch (RlpFormatException)
            {
                // Expected for most mutations.
            }
        }
    }

    private static bool AssertDecodesOrFormatError(byte[] input, string context)
    {
        try
        {
            var signed = SignedTransaction.Decode(input);
            Assert.Equal(input, signed.ToArray());
            _ = signed.RecoverSender();
            return true;
        }
        catch (EthereumFormatException)
        {
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{context}: {e.GetType().Name} instead of EthereumFormatException: {e.Message} input {Convert.ToHexStringLower(input)}");
            return false;
        }
    }

    private static byte[] Mutate(byte[] valid, Random rng)
    {
        var bytes = valid.ToList();
        switch (rng.Next(6))
        {
            case 0: // flip a byte
                bytes[rng.Next(bytes.Count)] ^= (byte)rng.Next(1, 256);
                break;
            case 1: // truncate
                var keep = rng.Next(bytes.Count);
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
            case 2: // append garbage
                bytes.AddRange(Enumerable.Range(0, rng.Next(1, 8)).Select(_ => (byte)rng.Next(256)));
                break;
            case 3: // insert a byte
                bytes.Insert(rng.Next(bytes.Count), (byte)rng.Next(256));
                break;
            case 4: // oversize a length prefix
                var at = rng.Next(Math.Min(bytes.Count, 4));
                bytes[at] = (byte)Math.Min(0xff, bytes[at] + rng.Next(1, 4));
                break;
            default: // delete a byte
                bytes.RemoveAt(rng.Next(bytes.Count));
                break;
        }

        return [.. bytes];
    }

    private static RlpItem RandomItem(Random rng, int depth)
    {
        if (depth > 4 || rng.Next(3) > 0)
        {
            var bytes = new byte[rng.Next(4) == 0 ? rng.Next(0, 80) : rng.Next(0, 3)];
            rng.NextBytes(bytes);
            return RlpItem.String(bytes);
        }

        return RlpItem.List(Enumerable.Range(0, rng.Next(0, 5)).Select(_ => RandomItem(rng, depth + 1)));
    }
}
