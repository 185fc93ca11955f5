using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>
/// A legacy (pre-EIP-2718) transaction with EIP-155 replay protection.
/// Signing payload: rlp([nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0]);
/// signed: rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s]) with v = chainId·2 + 35 + yParity.
/// </summary>
public sealed record LegacyTransaction : Transaction
{
    public override TransactionType Type => TransactionType.Legacy;

    public required UInt256 GasPrice { get; init; }

    public override byte[] EncodeUnsigned() =>
        RlpEncoder.Encode(RlpItem.List([.. Fields(), RlpItem.Integer(ChainId), RlpItem.EmptyString, RlpItem.EmptyString]));

    public override byte[] EncodeSigned(Signature signature)
    {
        // EIP-155: v = CHAIN_ID * 2 + 35 + yParity.
        var v = UInt256.FromUInt64(ChainId) * 2 + 35 + signature.YParity;
        return RlpEncoder.Encode(RlpItem.List([.. Fields(), RlpItem.Integer(v), RlpItem.Integer(signature.R), RlpItem.Integer(signature.S)]));
    }

    /// <summary>Decodes a signed legacy transaction (the whole raw bytes, an RLP list of 9 items).</summary>
    internal static (LegacyTransaction Transaction, Signature Signature) DecodeSigned(ReadOnlySpan<byte> raw)
    {
        var f = RlpDecoder.Decode(raw).ExpectList(9, "legacy transaction");
        var v = f[6].AsUInt256("v");

        // Pre-EIP-155 signatures (v = 27/28) are replayable across chains; Custody does not accept them.
        if (v < 35)
        {
            throw new TransactionFormatException("Legacy transaction without EIP-155 replay protection (v < 35) is not accepted.");
        }

        var chainId = (v - 35) / 2;
        if (chainId.MinimalByteLength > sizeof(ulong) || chainId.IsZero)
        {
            throw new TransactionFormatException("EIP-155 chain id out of range.");
        }

        var (gasLimit, to, value, data) = TransactionCodec.DecodeCommonTail(f, 2);
        var transaction = new LegacyTransaction
        {
            Nonce = f[0].AsUInt64("nonce"),
            GasPrice = f[1].AsUInt256("gasPrice"),
            GasLimit = gasLimit, To = to, Value = value, Data = data,
            ChainId = chainId.ToUInt64(),
        };
        var yParity = (int)((v - 35) % 2).ToUInt64();
        return (transaction, TransactionCodec.CreateSignature(f[7].AsUInt256("r"), f[8].AsUInt256("s"), yParity));
    }

    private RlpItem[] Fields() => [RlpItem.Integer(Nonce), RlpItem.Integer(GasPrice), .. CommonTail()];
}
