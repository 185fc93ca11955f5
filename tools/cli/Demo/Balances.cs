using System.Numerics;
using Custody.Chain.Dev;
using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Cli.Demo;

/// <summary>The balances the scenario moves: the wallet's and Company Secundus's ETH and CTT, Company Tertius's ETH.</summary>
internal sealed record Balances(BigInteger WalletEther, BigInteger WalletToken, BigInteger SecundusEther, BigInteger SecundusToken, BigInteger TertiusEther)
{
    public static async Task<Balances> ReadAsync(DemoChain chain, Address token, Address wallet, CancellationToken ct) => new(
        await chain.EtherAsync(wallet, ct).ConfigureAwait(false),
        await chain.TokenAsync(token, wallet, ct).ConfigureAwait(false),
        await chain.EtherAsync(DemoRequests.Secundus, ct).ConfigureAwait(false),
        await chain.TokenAsync(token, DemoRequests.Secundus, ct).ConfigureAwait(false),
        await chain.EtherAsync(DemoRequests.Tertius, ct).ConfigureAwait(false));

    public static void PrintChange(Balances before, Balances after)
    {
        Row("wallet (Company Primus)", "ETH", before.WalletEther, after.WalletEther);
        Row("wallet (Company Primus)", TestTokenContract.Symbol, before.WalletToken, after.WalletToken);
        Row("Company Secundus", "ETH", before.SecundusEther, after.SecundusEther);
        Row("Company Secundus", TestTokenContract.Symbol, before.SecundusToken, after.SecundusToken);
        Row("Company Tertius", "ETH", before.TertiusEther, after.TertiusEther);
    }

    private static void Row(string who, string symbol, BigInteger before, BigInteger after)
    {
        var change = after - before;
        Narration.Line($"{who,-24} {symbol,-4} {Units(before),24} -> {Units(after),24}  ({(change.Sign < 0 ? "-" : "+")}{Units(BigInteger.Abs(change))})");
    }

    private static string Units(BigInteger amount) => TokenUnits.Format(amount, TestTokenContract.Decimals);
}
