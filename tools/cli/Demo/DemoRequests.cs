using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using Custody.Contracts.Events;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Cli.Demo;

/// <summary>
/// The reference scenario's parties and the requests Company Primus's payments app makes (the transaction-requested
/// contract, POSTed to intake). The addresses are the ones the stack's policy names (tools/apphost/local-policy.json).
/// </summary>
internal static class DemoRequests
{
    /// <summary>Company Secundus: the policy's "secundus" address book.</summary>
    public static readonly Address Secundus = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    /// <summary>Company Tertius: in no address book, so every transfer to it is blocked.</summary>
    public static readonly Address Tertius = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

    public const string Initiator = "primus-payments";

    public const string WalletId = "primus-treasury";

    public static string NewRequestId(string what) => $"primus-{what}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>A native transfer of <paramref name="wei"/> from the wallet to <paramref name="to"/>.</summary>
    public static TransactionRequested Ether(string requestId, Address wallet, ulong chainId, Address to, BigInteger wei) =>
        new(requestId, WalletId, wallet.ToChecksumString(), chainId, to.ToChecksumString(), wei.ToString(CultureInfo.InvariantCulture), "0x", Initiator, Now());

    /// <summary>An ERC-20 transfer(to, amount) call on <paramref name="token"/> from the wallet.</summary>
    public static TransactionRequested Token(string requestId, Address wallet, ulong chainId, Address token, Address to, BigInteger amount) =>
        new(requestId, WalletId, wallet.ToChecksumString(), chainId, token.ToChecksumString(), "0",
            Hex.Encode(new Erc20Transfer(to, UInt256.Create(amount)).Encode()), Initiator, Now());

    /// <summary>Whole seconds, as an upstream app would send them.</summary>
    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
