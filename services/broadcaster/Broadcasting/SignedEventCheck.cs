using System.Globalization;
using Custody.Contracts.Events;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.State;

namespace Custody.Broadcaster.Broadcasting;

/// <summary>
/// The shape check of a received transaction-signed (a failure dead-letters it with the reason): the raw transaction
/// decodes as a signed EIP-2718/legacy transaction with a recoverable sender, its Keccak-256 is the event's hash, and
/// its chain id and nonce are the event's. Problems name the field, never quote the payload.
/// </summary>
public static class SignedEventCheck
{
    public static IReadOnlyList<string> Problems(TransactionSigned signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var problems = new List<string>();
        if (!TransactionStore.IsStorableId(signed.RequestId))
        {
            problems.Add("requestId is not a storable request id");
        }

        if (string.IsNullOrWhiteSpace(signed.WalletId))
        {
            problems.Add("walletId is empty");
        }

        if (!TryDecode(signed.RawTransaction, out var decoded, out var why))
        {
            problems.Add("rawTransaction " + why);
            return problems;
        }

        if (!Bytes32.TryParse(signed.TransactionHash, out var hash) || hash != decoded!.Hash)
        {
            problems.Add("transactionHash is not the Keccak-256 of rawTransaction");
        }

        if (decoded!.Transaction.ChainId != signed.ChainId)
        {
            problems.Add("chainId is not the raw transaction's chain id");
        }

        if (signed.Nonce != decoded.Transaction.Nonce.ToString(CultureInfo.InvariantCulture))
        {
            problems.Add("nonce is not the raw transaction's nonce");
        }

        return problems;
    }

    /// <summary>Decodes the raw transaction and recovers its sender; false with the reason when either fails.</summary>
    public static bool TryDecode(string? rawHex, out SignedTransaction? decoded, out string why)
    {
        decoded = null;
        if (!Hex.TryDecode(rawHex, out var raw) || raw.Length == 0)
        {
            why = "is not 0x-prefixed hex";
            return false;
        }

        try
        {
            decoded = SignedTransaction.Decode(raw);
            _ = decoded.RecoverSender();
            why = "";
            return true;
        }
        catch (Exception e) when (e is TransactionFormatException or EthereumFormatException or FormatException or ArgumentException)
        {
            decoded = null;
            why = "is not a valid signed transaction";
            return false;
        }
    }
}
