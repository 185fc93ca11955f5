using System.Globalization;
using System.Numerics;
using Custody.Contracts.Events;
using Custody.Domain.Intents;

namespace Custody.Cli.Demo;

/// <summary>The transaction requests the demo's upstream application makes (the TransactionRequested contract).</summary>
internal static class DemoRequests
{
    /// <summary>The payee of the demo policy's address book.</summary>
    public const string Payee = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    public const string Initiator = "treasury-app";

    public static readonly BigInteger WeiPerEther = BigInteger.Pow(10, 18);

    /// <summary>A native transfer of <paramref name="milliEther"/>/1000 ETH from the wallet to the payee.</summary>
    public static TransactionRequested NativeTransfer(DemoWallet wallet, ulong chainId, string requestId, int milliEther, DateTimeOffset now) =>
        new(requestId, wallet.WalletId, wallet.Address.ToString(), chainId, Payee,
            (WeiPerEther * milliEther / 1000).ToString(CultureInfo.InvariantCulture), "0x", Initiator, now);

    /// <summary>The trusted display: what the transaction really does, as decoded by the kernel.</summary>
    public static void Describe(TransactionIntent intent)
    {
        Narration.Line($"request {intent.RequestId} by {intent.Initiator}: {intent.Kind} of {Ether(intent.Amount.ToBigInteger())} ETH ({intent.Amount} wei, asset {intent.Asset})");
        Narration.Line($"  from {intent.WalletAddress} (wallet {intent.WalletId}) to {intent.Destination} on chain {intent.ChainId}");
        Narration.Line($"  intent hash {intent.Hash}");
    }

    public static string Ether(BigInteger wei) =>
        (wei / WeiPerEther).ToString(CultureInfo.InvariantCulture) + "." +
        (wei % WeiPerEther).ToString(CultureInfo.InvariantCulture).PadLeft(18, '0').TrimEnd('0').PadRight(1, '0');
}
