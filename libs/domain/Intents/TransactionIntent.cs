using Custody.Contracts.Events;
using Custody.Domain.Hashing;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Domain.Intents;

/// <summary>
/// What a request really does, derived from the raw transaction fields of a
/// <see cref="TransactionRequested"/>: for ERC-20 calls the token, the real recipient (or spender) and the
/// token amount are decoded from the calldata, so that policy rules and approvers see them
/// (docs/architecture.md "Decisions every party makes alone"). Immutable; built only through <see cref="TryCreate"/> / <see cref="Create"/>.
/// </summary>
public sealed class TransactionIntent
{
    private readonly byte[] _data;

    private TransactionIntent(
        TransactionRequested request, Address walletAddress, Address to, UInt256 value, byte[] data,
        Asset asset, Address destination, UInt256 amount, CallKind kind)
    {
        RequestId = request.RequestId;
        ChainId = request.ChainId;
        WalletId = request.WalletId;
        Initiator = request.Initiator;
        WalletAddress = walletAddress;
        To = to;
        Value = value;
        _data = data;
        Asset = asset;
        Destination = destination;
        Amount = amount;
        Kind = kind;
        Hash = IntentHash.Compute(this);
    }

    public string RequestId { get; }

    public ulong ChainId { get; }

    public string WalletId { get; }

    /// <summary>The wallet's address: the transaction's sender.</summary>
    public Address WalletAddress { get; }

    /// <summary>The transaction's target: the recipient, the token contract or the called contract.</summary>
    public Address To { get; }

    /// <summary>The native value sent with the transaction, in wei.</summary>
    public UInt256 Value { get; }

    public ReadOnlySpan<byte> Data => _data;

    public Asset Asset { get; }

    /// <summary>Who receives the asset: <c>to</c> for native, the decoded token recipient or spender for ERC-20.</summary>
    public Address Destination { get; }

    /// <summary>How much of <see cref="Asset"/> moves (or is approved), in base units.</summary>
    public UInt256 Amount { get; }

    public CallKind Kind { get; }

    public string Initiator { get; }

    /// <summary>
    /// True for anything other than a plain native or ERC-20 <c>transfer</c>: arbitrary contract calls,
    /// <c>approve</c> and <c>transferFrom</c>. Rules match these only with <c>"contractCall": true</c>.
    /// </summary>
    public bool IsContractCall => Kind is not (CallKind.NativeTransfer or CallKind.Erc20Transfer);

    /// <summary>The canonical, domain-separated intent hash (see <see cref="IntentHash"/>).</summary>
    public Hash32 Hash { get; }

    /// <summary>Derives the intent, or returns every reason the request is not acceptable ("path: reason").</summary>
    public static bool TryCreate(TransactionRequested request, out TransactionIntent? intent, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        intent = null;
        var problems = request.Validate().ToList();
        var walletOk = CheckAddress(problems, "$.walletAddress", request.WalletAddress, out var wallet);
        var toOk = CheckAddress(problems, "$.to", request.To, out var to);
        var valueOk = UInt256.TryParse(request.Value, out var value);
        var dataOk = Hex.TryDecode(request.Data, out var data);
        if (problems.Count == 0 && walletOk && toOk && valueOk && dataOk)
        {
            var derived = Derive(to, value, data, problems);
            if (derived is { } d)
            {
                intent = new TransactionIntent(request, wallet, to, value, data, d.Asset, d.Destination, d.Amount, d.Kind);
            }
        }

        errors = problems;
        return intent is not null;
    }

    /// <summary>Derives the intent or throws <see cref="IntentValidationException"/> listing every reason.</summary>
    public static TransactionIntent Create(TransactionRequested request) =>
        TryCreate(request, out var intent, out var errors) ? intent! : throw new IntentValidationException(errors);

    private static bool CheckAddress(List<string> problems, string path, string text, out Address address)
    {
        if (ChecksumAddress.TryParse(text, out address))
        {
            return true;
        }

        if (Contracts.WireFormat.IsAddressShape(text))
        {
            // Shape errors are already reported by the contract; report only the checksum problem here.
            problems.Add($"{path}: {ChecksumAddress.Explain(text)}");
        }

        return false;
    }

    private static (Asset Asset, Address Destination, UInt256 Amount, CallKind Kind)? Derive(
        Address to, UInt256 value, byte[] data, List<string> problems)
    {
        if (data.Length == 0)
        {
            return (Asset.Native, to, value, CallKind.NativeTransfer);
        }

        if (!IsErc20Selector(data))
        {
            return (Asset.Native, to, value, CallKind.ContractCall);
        }

        // An ERC-20 selector must decode strictly: a token would execute calldata with trailing bytes or
        // dirty padding, so anything we cannot decode exactly is refused rather than seen as a generic call.
        if (!value.IsZero)
        {
            problems.Add("$.value: must be 0 for an ERC-20 transfer, approve or transferFrom call");
            return null;
        }

        if (!Erc20.TryDecode(data, out var call))
        {
            problems.Add("$.data: has an ERC-20 transfer/approve/transferFrom selector but is not canonically ABI-encoded");
            return null;
        }

        return call switch
        {
            Erc20Transfer t => (Asset.Erc20(to), t.To, t.Amount, CallKind.Erc20Transfer),
            Erc20TransferFrom f => (Asset.Erc20(to), f.To, f.Amount, CallKind.Erc20TransferFrom),
            Erc20Approve a => (Asset.Erc20(to), a.Spender, a.Amount, CallKind.Erc20Approve),
            _ => throw new InvalidOperationException("Unreachable: unknown ERC-20 call."),
        };
    }

    private static bool IsErc20Selector(ReadOnlySpan<byte> data) =>
        FunctionSelector.TryRead(data, out var selector) &&
        (selector == Erc20Transfer.Selector || selector == Erc20TransferFrom.Selector || selector == Erc20Approve.Selector);
}
