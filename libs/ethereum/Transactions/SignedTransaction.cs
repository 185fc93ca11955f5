using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>A transaction with its signature, raw encoding and hash.</summary>
public sealed class SignedTransaction
{
    private readonly byte[] _raw;

    internal SignedTransaction(Transaction transaction, Signature signature)
    {
        Transaction = transaction;
        Signature = signature;
        _raw = transaction.EncodeSigned(signature);
        Hash = Bytes32.Create(Keccak256.Hash(_raw));
    }

    public Transaction Transaction { get; }

    public Signature Signature { get; }

    /// <summary>Keccak-256 of the raw signed encoding (the transaction hash nodes report).</summary>
    public Bytes32 Hash { get; }

    /// <summary>The raw signed bytes for eth_sendRawTransaction.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    public byte[] ToArray() => (byte[])_raw.Clone();

    /// <summary>The sender: the address whose key produced the signature over the signing hash.</summary>
    public Address RecoverSender() => SignatureRecovery.RecoverAddress(Transaction.SigningHash().Span, Signature);

    /// <summary>
    /// Decodes a signed raw transaction: legacy (RLP list, EIP-155 only) or typed (EIP-2718 type 1 or 2).
    /// The input must be exactly one canonical encoding; anything else throws
    /// <see cref="EthereumFormatException"/> (RLP or transaction subtype).
    /// </summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            throw new TransactionFormatException("Empty raw transaction.");
        }

        (Transaction Transaction, Signature Signature) decoded = raw[0] switch
        {
            >= 0xc0 => LegacyTransaction.DecodeSigned(raw),
            (byte)TransactionType.AccessList => AccessListTransaction.DecodeSigned(raw[1..]),
            (byte)TransactionType.DynamicFee => DynamicFeeTransaction.DecodeSigned(raw[1..]),
            _ => throw new TransactionFormatException($"Unsupported transaction type 0x{raw[0]:x2}."),
        };
        var signed = new SignedTransaction(decoded.Transaction, decoded.Signature);

        // Canonical decoding implies re-encoding reproduces the input exactly; check it as a safeguard.
        if (!signed.Raw.SequenceEqual(raw))
        {
            throw new TransactionFormatException("The raw transaction is not in canonical form.");
        }

        return signed;
    }
}
