using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>
/// EIP-2930 transaction: 0x01 ‖ rlp([chainId, nonce, gasPrice, gasLimit, to, value, data, accessList,
/// signatureYParity, signatureR, signatureS]); the signing payload omits the last three fields.
/// </summary>
public sealed record AccessListTransaction : Transaction
{
    private const int FieldCount = 8;

    public override TransactionType Type => TransactionType.AccessList;

    public required UInt256 GasPrice { get; init; }

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    public override byte[] EncodeUnsigned() => TransactionCodec.Typed(Type, Fields());

    public override byte[] EncodeSigned(Signature signature) =>
        TransactionCodec.Typed(Type, TransactionCodec.AppendSignature(Fields(), signature));

    /// <summary>Decodes the RLP payload after the type byte.</summary>
    internal static (AccessListTransaction Transaction, Signature Signature) DecodeSigned(ReadOnlySpan<byte> payload)
    {
        var f = RlpDecoder.Decode(payload).ExpectList(FieldCount + 3, "EIP-2930 transaction");
        var (gasLimit, to, value, data) = TransactionCodec.DecodeCommonTail(f, 3);
        var transaction = new AccessListTransaction
        {
            ChainId = f[0].AsUInt64("chainId"),
            Nonce = f[1].AsUInt64("nonce"),
            GasPrice = f[2].AsUInt256("gasPrice"),
            GasLimit = gasLimit, To = to, Value = value, Data = data,
            AccessList = TransactionCodec.DecodeAccessList(f[7]),
        };
        return (transaction, TransactionCodec.DecodeTypedSignature(f, FieldCount));
    }

    private RlpItem[] Fields() =>
    [
        RlpItem.Integer(ChainId),
        RlpItem.Integer(Nonce),
        RlpItem.Integer(GasPrice),
        .. CommonTail(),
        TransactionCodec.EncodeAccessList(AccessList),
    ];
}
