using Custody.Chain;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;
using Custody.Testing;

namespace Custody.Ethereum.Tests.Anvil;

/// <summary>Test helpers: fresh funded keys and EIP-1559 transactions priced from the node.</summary>
internal static class Funded
{
    public static readonly UInt256 OneEther = UInt256.Parse("1000000000000000000");

    public static async Task<PrivateKey> NewKeyAsync(AnvilFixture anvil, UInt256? balance = null)
    {
        var key = PrivateKey.Generate();
        await anvil.FundAsync(key.Address, balance ?? OneEther * 100);
        return key;
    }

    public static async Task<DynamicFeeTransaction> Eip1559Async(
        AnvilFixture anvil, PrivateKey from, Address? to, UInt256 value, byte[]? data = null, ulong gasLimit = 21000, ulong? nonce = null)
    {
        var tip = await anvil.Client.GetMaxPriorityFeePerGasAsync();
        var block = await anvil.Client.GetBlockByNumberAsync(BlockTag.Latest);
        var baseFee = block!.BaseFeePerGas ?? UInt256.Zero;
        return new DynamicFeeTransaction
        {
            ChainId = anvil.ChainId,
            Nonce = nonce ?? await anvil.Client.GetTransactionCountAsync(from.Address, BlockTag.Pending),
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = baseFee * 2 + tip,
            GasLimit = gasLimit,
            To = to,
            Value = value,
            Data = data ?? [],
        };
    }

    public static async Task<TransactionReceipt> SendAsync(AnvilFixture anvil, SignedTransaction signed)
    {
        var hash = await anvil.Client.SendRawTransactionAsync(signed.ToArray());
        Assert.Equal(signed.Hash, hash);
        return await anvil.WaitForReceiptAsync(hash);
    }
}
