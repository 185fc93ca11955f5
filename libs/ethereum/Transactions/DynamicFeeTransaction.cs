using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>
/// EIP-1559 transaction: 0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit,
/// destination, amount, data, accessList, signatureYParity, signatureR, signatureS]); the signing
/// payload omits the last three fields.
/// </summary>
public sealed record DynamicFeeTransaction : Transaction
{
    private const int FieldCount = 9;

    public override TransactionType Type => TransactionType.DynamicFee;

    public required UInt256 MaxPriorityFeePerGas { get; init; }

    public required UInt256 MaxFeePerGas { get; init; }

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    public override byte[] EncodeUnsigned() => TransactionCodec.Typed(Type, Fields());

    public override byte[] EncodeSigned(Signature signature) =>
        TransactionCodec.Typed(Type, TransactionCodec.AppendSignature(Fields(), signature));

    /// <summary>EIP-1559 validity: the priority fee cannot exceed the fee cap.</summary>
    public override void Validate()
    {
        base.Validate();
        if (MaxPriorityFeePerGas > MaxFeePerGas)
        {
            throw new TransactionFormatException("maxPriorityFeePerGas must not exceed maxFeePerGas (EIP-1559).");
        }
    }

    /// <summary>Decodes the RLP payload after the type byte.</summary>
    internal static (DynamicFeeTransaction Transaction, Signature Signature) DecodeSigned(ReadOnlySpan<byte> payload)
    {
        var f = RlpDecoder.Decode(payload).ExpectList(FieldCount + 3, "EIP-1559 transaction");
        var (gasLimit, to, value, data) = TransactionCodec.DecodeCommonTail(f, 4);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = f[0].AsUInt64("chainId"),
            Nonce = f[1].AsUInt64("nonce"),
            MaxPriorityFeePerGas = f[2].AsUInt256("maxPriorityFeePerGas"),
            MaxFeePerGas = f[3].AsUInt256("maxFeePerGas"),
            GasLimit = gasLimit, To = to, Value = value, Data = data,
            AccessList = TransactionCodec.DecodeAccessList(f[8]),
        };
        return (transaction, TransactionCodec.DecodeTypedSignature(f, FieldCount));
    }

    private RlpItem[] Fields() =>
    [
        RlpItem.Integer(ChainId),
        RlpItem.Integer(Nonce),
        RlpItem.Integer(MaxPriorityFeePerGas),
        RlpItem.Integer(MaxFeePerGas),
        .. CommonTail(),
        TransactionCodec.EncodeAccessList(AccessList),
    ];
}
