using Custody.Chain;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;
using Custody.Testing;

namespace Custody.Broadcaster.Tests.Support;

/// <summary>Fresh funded keys on anvil and EIP-1559 transactions from them (the broadcaster only relays signed bytes: who signed is not its concern).</summary>
internal static class Wallets
{
    public static readonly UInt256 OneEther = UInt256.Parse("1000000000000000000");

    public static readonly Address Payee = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    public static async Task<PrivateKey> FundedKeyAsync(AnvilFixture anvil)
    {
        var key = PrivateKey.Generate();
        await anvil.FundAsync(key.Address, OneEther * 100);
        return key;
    }

    /// <summary>A transfer at <paramref name="nonce"/> paying 2 gwei max fee and 1 gwei tip (under both test policies' caps).</summary>
    public static SignedTransaction Transfer(AnvilFixture anvil, PrivateKey key, ulong nonce, UInt256? value = null, Address? to = null, byte[]? data = null, ulong gasLimit = 21_000) =>
        new DynamicFeeTransaction
        {
            ChainId = anvil.ChainId, Nonce = nonce, MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = 2_000_000_000, GasLimit = gasLimit,
            To = to ?? Payee, Value = value ?? 1_000, Data = data ?? [],
        }.Sign(key);

    /// <summary>A fresh funded key and a transfer from it at its next nonce; disposing it disposes the key.</summary>
    public static async Task<FundedTransfer> FundedTransferAsync(AnvilFixture anvil)
    {
        var key = await FundedKeyAsync(anvil);
        return new FundedTransfer(key, Transfer(anvil, key, await NonceAsync(anvil, key)));
    }

    public static Task<ulong> NonceAsync(AnvilFixture anvil, PrivateKey key) => anvil.Client.GetTransactionCountAsync(key.Address, BlockTag.Pending);
}

/// <summary>A signed transfer and the key that signed it.</summary>
internal sealed record FundedTransfer(PrivateKey Key, SignedTransaction Signed) : IDisposable
{
    public void Dispose() => Key.Dispose();
}
