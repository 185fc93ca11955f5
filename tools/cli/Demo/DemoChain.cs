using System.Numerics;
using Custody.Chain;
using Custody.Chain.Dev;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Cli.Demo;

/// <summary>
/// The demo's own dealings with anvil, outside custody: anvil's first dev account (unlocked by anvil, so it sends with
/// eth_sendTransaction) deploys the test ERC-20 and funds the custody wallet with ETH and tokens; balances are read
/// with eth_getBalance and the token's balanceOf. Custody's own transactions go through the services only.
/// </summary>
internal sealed class DemoChain(EthereumNode node)
{
    /// <summary>anvil's first dev account (from its default mnemonic), which holds 10,000 ETH.</summary>
    public static readonly Address DevAccount = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");

    public static readonly BigInteger WeiPerEther = BigInteger.Pow(10, 18);

    private static readonly TimeSpan ReceiptDeadline = TimeSpan.FromMinutes(1);

    public EthereumNode Node => node;

    /// <summary>Deploys the test token from the dev account; it must land at <paramref name="registered"/>, the
    /// address the stack's policy and token registry name (the dev account's first contract).</summary>
    public async Task<Address> DeployTokenAsync(Address registered, CancellationToken ct)
    {
        var nonce = await node.GetTransactionCountAsync(DevAccount, BlockTag.Pending, ct).ConfigureAwait(false);
        var expected = TestTokenContract.CreatedAddress(DevAccount, nonce);
        if (expected != registered)
        {
            throw new DemoException($"the dev account {DevAccount} has sent {nonce} transactions on this chain, so the token would land at {expected}, not at {registered} where the stack registered it: run the demo on a fresh stack.");
        }

        var receipt = await SendAsync(new Dictionary<string, string> { ["from"] = DevAccount.ToString(), ["data"] = Hex.Encode(TestTokenContract.InitCode()), ["gas"] = "0x2dc6c0" }, ct).ConfigureAwait(false);
        return receipt.ContractAddress == registered
            ? registered
            : throw new DemoException($"the token was deployed at {receipt.ContractAddress?.ToString() ?? "no address"}, not at {registered}.");
    }

    /// <summary>Sends <paramref name="wei"/> from the dev account; returns the receipt.</summary>
    public Task<TransactionReceipt> SendEtherAsync(Address to, BigInteger wei, CancellationToken ct) =>
        SendAsync(new Dictionary<string, string> { ["from"] = DevAccount.ToString(), ["to"] = to.ToString(), ["value"] = UInt256.Create(wei).ToHexQuantity() }, ct);

    /// <summary>Transfers <paramref name="amount"/> base units of <paramref name="token"/> from the dev account.</summary>
    public Task<TransactionReceipt> SendTokenAsync(Address token, Address to, BigInteger amount, CancellationToken ct) =>
        SendAsync(new Dictionary<string, string>
        {
            ["from"] = DevAccount.ToString(), ["to"] = token.ToString(), ["data"] = Hex.Encode(new Erc20Transfer(to, UInt256.Create(amount)).Encode()),
        }, ct);

    public async Task<BigInteger> EtherAsync(Address account, CancellationToken ct) =>
        (await node.GetBalanceAsync(account, BlockTag.Latest, ct).ConfigureAwait(false)).ToBigInteger();

    public async Task<BigInteger> TokenAsync(Address token, Address account, CancellationToken ct)
    {
        var answer = await node.CallAsync(new CallRequest { To = token, Data = Erc20.EncodeBalanceOf(account) }, BlockTag.Latest, ct).ConfigureAwait(false);
        return answer.Length == 32 ? UInt256.Create(answer).ToBigInteger() : throw new DemoException($"balanceOf on {token} answered {answer.Length} bytes, not 32.");
    }

    private async Task<TransactionReceipt> SendAsync(Dictionary<string, string> transaction, CancellationToken ct)
    {
        var hash = Bytes32.Parse(await node.SendAsync<string>("eth_sendTransaction", [transaction], ct).ConfigureAwait(false));
        var receipt = await node.WaitForReceiptAsync(hash, ReceiptDeadline, TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
        return receipt.Succeeded ? receipt : throw new DemoException($"the dev account's transaction {hash} reverted.");
    }
}
