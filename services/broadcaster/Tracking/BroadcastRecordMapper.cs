using System.Globalization;
using Custody.Gcp.Firestore;

namespace Custody.Broadcaster.Tracking;

/// <summary><see cref="BroadcastRecord"/> as a Firestore document; unsigned 64-bit numbers are decimal strings (Firestore integers are signed).</summary>
internal sealed class BroadcastRecordMapper : IDocumentMapper<BroadcastRecord>
{
    public static BroadcastRecordMapper Instance { get; } = new();

    public FieldMap ToFields(BroadcastRecord value)
    {
        var fields = new FieldMap
        {
            ["requestId"] = FieldValue.String(value.RequestId),
            ["walletId"] = FieldValue.String(value.WalletId),
            ["chainId"] = FieldValue.String(value.ChainId.ToString(CultureInfo.InvariantCulture)),
            ["nonce"] = FieldValue.String(value.Nonce.ToString(CultureInfo.InvariantCulture)),
            ["transactionHash"] = FieldValue.String(value.TransactionHash),
            ["rawTransaction"] = FieldValue.String(value.RawTransaction),
            ["status"] = FieldValue.String(value.Status.ToString()),
            ["submittedAt"] = FieldValue.Timestamp(value.SubmittedAt),
            ["reorgs"] = FieldValue.Integer(value.Reorgs),
            ["replacements"] = FieldValue.Integer(value.Replacements),
            ["updatedAt"] = FieldValue.Timestamp(value.UpdatedAt),
            ["earlier"] = FieldValue.Array(value.Earlier.Select(e => FieldValue.Map(new FieldMap
            {
                ["transactionHash"] = FieldValue.String(e.TransactionHash), ["rawTransaction"] = FieldValue.String(e.RawTransaction),
            }))),
            // What the tracker queries (one equality filter: no composite index needed).
            ["tracked"] = FieldValue.Boolean(value.IsTracked),
        };
        Optional(fields, "policyId", value.PolicyId);
        Optional(fields, "blockNumber", value.BlockNumber?.ToString(CultureInfo.InvariantCulture));
        Optional(fields, "blockHash", value.BlockHash);
        Optional(fields, "note", value.Note);
        if (value.LastReplacementAt is { } at)
        {
            fields["lastReplacementAt"] = FieldValue.Timestamp(at);
        }

        return fields;
    }

    public BroadcastRecord FromFields(FieldMap fields) => new()
    {
        RequestId = fields.GetString("requestId"),
        WalletId = fields.GetString("walletId"),
        ChainId = Unsigned(fields.GetString("chainId"), "chainId"),
        Nonce = Unsigned(fields.GetString("nonce"), "nonce"),
        TransactionHash = fields.GetString("transactionHash"),
        RawTransaction = fields.GetString("rawTransaction"),
        PolicyId = fields.GetOptionalString("policyId"),
        Earlier = fields.TryGet("earlier", out var earlier) && !earlier.IsNull
            ? [.. earlier.AsArray().Select(e => e.AsMap()).Select(m => new EarlierTransaction(m.GetString("transactionHash"), m.GetString("rawTransaction")))]
            : [],
        Status = Enum.TryParse<BroadcastStatus>(fields.GetString("status"), ignoreCase: false, out var status) && Enum.IsDefined(status)
            ? status
            : throw new FormatException("The field 'status' is not a broadcast status."),
        SubmittedAt = fields.GetTimestamp("submittedAt"),
        BlockNumber = fields.GetOptionalString("blockNumber") is { } block ? Unsigned(block, "blockNumber") : null,
        BlockHash = fields.GetOptionalString("blockHash"),
        Reorgs = checked((int)fields.GetInteger("reorgs")),
        Replacements = checked((int)fields.GetInteger("replacements")),
        LastReplacementAt = fields.GetOptionalTimestamp("lastReplacementAt"),
        Note = fields.GetOptionalString("note"),
        UpdatedAt = fields.GetTimestamp("updatedAt"),
    };

    private static void Optional(FieldMap fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = FieldValue.String(value);
        }
    }

    private static ulong Unsigned(string text, string name) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The field '{name}' holds a value that is not an unsigned 64-bit decimal.");
}
