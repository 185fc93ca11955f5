using Custody.Ethereum.Rlp;
using Custody.Ethereum.Signing;

namespace Custody.Ethereum.Transactions;

/// <summary>Field encodings shared by all transaction types.</summary>
internal static class TransactionCodec
{
    // Yellow Paper §4.2: "to" is the empty byte string for contract creation, else 20 bytes.
    public static RlpItem EncodeTo(Address? to) => to is { } address ? RlpItem.String(address.Span) : RlpItem.EmptyString;

    public static Address? DecodeTo(RlpItem item)
    {
        var bytes = item.StringBytes("to");
        return bytes.IsEmpty ? null : item.AsAddress("to");
    }

    /// <summary>Reads [gasLimit, to, value, data] starting at <paramref name="first"/> (the order every type shares).</summary>
    public static (ulong GasLimit, Address? To, UInt256 Value, byte[] Data) DecodeCommonTail(IReadOnlyList<RlpItem> fields, int first) =>
        (fields[first].AsUInt64("gasLimit"),
         DecodeTo(fields[first + 1]),
         fields[first + 2].AsUInt256("value"),
         fields[first + 3].StringBytes("data").ToArray());

    // EIP-2930: accessList = [[address, [storageKey, ...]], ...], storage keys 32 bytes.
    public static RlpItem EncodeAccessList(IReadOnlyList<AccessListEntry> accessList) =>
        RlpItem.List(accessList.Select(entry => RlpItem.List(
            RlpItem.String(entry.Address.Span),
            RlpItem.List(entry.StorageKeys.Select(key => RlpItem.String(key.Span))))));

    public static IReadOnlyList<AccessListEntry> DecodeAccessList(RlpItem item)
    {
        if (!item.IsList)
        {
            throw new RlpFormatException("accessList must be an RLP list.");
        }

        var entries = new List<AccessListEntry>(item.Items.Count);
        foreach (var entry in item.Items)
        {
            var fields = entry.ExpectList(2, "accessList entry");
            var address = fields[0].AsAddress("accessList address");
            if (!fields[1].IsList)
            {
                throw new RlpFormatException("accessList storageKeys must be an RLP list.");
            }

            var keys = new List<Bytes32>(fields[1].Items.Count);
            foreach (var key in fields[1].Items)
            {
                if (!Bytes32.TryCreate(key.StringBytes("storage key"), out var storageKey))
                {
                    throw new RlpFormatException("A storage key must be 32 bytes.");
                }

                keys.Add(storageKey);
            }

            entries.Add(new AccessListEntry(address, keys));
        }

        return entries;
    }

    /// <summary>Typed envelope: TransactionType ‖ rlp(fields) (EIP-2718).</summary>
    public static byte[] Typed(TransactionType type, RlpItem[] fields)
    {
        var payload = RlpEncoder.Encode(RlpItem.List(fields));
        var output = new byte[1 + payload.Length];
        output[0] = (byte)type;
        payload.CopyTo(output, 1);
        return output;
    }

    /// <summary>The typed-transaction signature fields: [yParity, r, s] (EIP-2930, EIP-1559).</summary>
    public static RlpItem[] AppendSignature(RlpItem[] fields, Signature signature) =>
        [.. fields, RlpItem.Integer(signature.YParity), RlpItem.Integer(signature.R), RlpItem.Integer(signature.S)];

    public static Signature DecodeTypedSignature(IReadOnlyList<RlpItem> fields, int first)
    {
        var yParity = fields[first].AsUInt256("yParity");
        var r = fields[first + 1].AsUInt256("r");
        var s = fields[first + 2].AsUInt256("s");
        if (yParity > UInt256.One)
        {
            throw new TransactionFormatException("yParity must be 0 or 1.");
        }

        return CreateSignature(r, s, (int)yParity.ToUInt64());
    }

    public static Signature CreateSignature(UInt256 r, UInt256 s, int yParity) =>
        Signature.TryCreate(r, s, yParity, out var signature)
            ? signature
            : throw new TransactionFormatException("Invalid signature values (r or s out of range, or high s rejected by EIP-2).");

    public static Bytes32 HashOf(byte[] raw) => Bytes32.Create(Keccak256.Hash(raw));
}
