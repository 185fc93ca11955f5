using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>
/// An unsigned Ethereum transaction. Subclasses (one per EIP-2718 type) define the field list of the
/// signing payload and of the signed envelope.
/// </summary>
public abstract record Transaction
{
    private protected Transaction()
    {
    }

    public abstract TransactionType Type { get; }

    /// <summary>EIP-155 chain id; at least 1.</summary>
    public required ulong ChainId { get; init; }

    public required ulong Nonce { get; init; }

    public required ulong GasLimit { get; init; }

    /// <summary>The recipient, or null for contract creation.</summary>
    public Address? To { get; init; }

    public UInt256 Value { get; init; }

    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>The bytes whose Keccak-256 is signed (type byte included for typed transactions).</summary>
    public abstract byte[] EncodeUnsigned();

    /// <summary>The signed envelope ("raw transaction") for eth_sendRawTransaction.</summary>
    public abstract byte[] EncodeSigned(Signature signature);

    /// <summary>Keccak-256 of <see cref="EncodeUnsigned"/>: the message hash to sign.</summary>
    public Bytes32 SigningHash() => Bytes32.Create(Keccak256.Hash(EncodeUnsigned()));

    /// <summary>Signs with a single private key (development path; production uses threshold ECDSA).</summary>
    public SignedTransaction Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Validate();
        return new SignedTransaction(this, key.Sign(SigningHash().Span));
    }

    /// <summary>Attaches an externally produced signature (for example from the MPC signer).</summary>
    public SignedTransaction WithSignature(Signature signature)
    {
        Validate();
        return new SignedTransaction(this, signature);
    }

    /// <summary>Rejects field combinations no node accepts, before anything is signed.</summary>
    public virtual void Validate()
    {
        if (ChainId == 0)
        {
            throw new TransactionFormatException("chainId must be at least 1 (EIP-155 replay protection).");
        }
    }

    private protected RlpItem[] CommonTail() =>
    [
        RlpItem.Integer(GasLimit),
        TransactionCodec.EncodeTo(To),
        RlpItem.Integer(Value),
        RlpItem.String(Data.Span),
    ];
}
