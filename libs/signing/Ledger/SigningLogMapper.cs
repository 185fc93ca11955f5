using System.Globalization;
using Custody.Domain.Hashing;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Gcp.Firestore;

namespace Custody.Signing.Ledger;

/// <summary>
/// A <see cref="SigningLogEntry"/> as a Firestore document (docs/signing.md "Signing log"). Unsigned 64-bit numbers and
/// amounts are decimal strings (Firestore integers are signed 64-bit); hashes are 0x hex.
/// </summary>
internal sealed class SigningLogMapper : IDocumentMapper<SigningLogEntry>
{
    public static SigningLogMapper Instance { get; } = new();

    public FieldMap ToFields(SigningLogEntry value)
    {
        var a = value.Attempt;
        var fields = new FieldMap
        {
            ["walletId"] = FieldValue.String(a.WalletId),
            ["chainId"] = FieldValue.String(a.ChainId.ToString(CultureInfo.InvariantCulture)),
            ["nonce"] = FieldValue.String(a.Nonce.ToString(CultureInfo.InvariantCulture)),
            ["requestId"] = FieldValue.String(a.RequestId),
            ["intentHash"] = FieldValue.String(a.IntentHash.ToString()),
            ["signingHash"] = FieldValue.String(a.SigningHash.ToString()),
            ["to"] = FieldValue.String(a.To.ToChecksumString()),
            ["value"] = FieldValue.UInt256(a.Value.ToBigInteger()),
            ["dataHash"] = FieldValue.String(a.DataHash.ToString()),
            ["maxFeePerGas"] = FieldValue.UInt256(a.Fees.MaxFeePerGas.ToBigInteger()),
            ["maxPriorityFeePerGas"] = FieldValue.UInt256(a.Fees.MaxPriorityFeePerGas.ToBigInteger()),
            ["gasLimit"] = FieldValue.String(a.Fees.GasLimit.ToString(CultureInfo.InvariantCulture)),
            ["recordedAt"] = FieldValue.Timestamp(value.RecordedAt),
            ["replacements"] = FieldValue.Integer(value.Replacements),
        };
        if (value.ContributedAt is { } contributed)
        {
            fields["contributedAt"] = FieldValue.Timestamp(contributed);
        }

        return fields;
    }

    public SigningLogEntry FromFields(FieldMap fields)
    {
        var attempt = new SigningAttempt(
            fields.GetString("walletId"),
            UnsignedInteger(fields, "chainId"),
            UnsignedInteger(fields, "nonce"),
            fields.GetString("requestId"),
            Hash32.Parse(fields.GetString("intentHash")),
            Bytes32.Parse(fields.GetString("signingHash")),
            Address.Parse(fields.GetString("to")),
            UInt256.Create(fields.GetUInt256("value")),
            Bytes32.Parse(fields.GetString("dataHash")),
            new TransactionFees(
                UInt256.Create(fields.GetUInt256("maxFeePerGas")),
                UInt256.Create(fields.GetUInt256("maxPriorityFeePerGas")),
                UnsignedInteger(fields, "gasLimit")));
        return new SigningLogEntry(
            attempt, fields.GetTimestamp("recordedAt"), checked((int)fields.GetInteger("replacements")), fields.GetOptionalTimestamp("contributedAt"));
    }

    private static ulong UnsignedInteger(FieldMap fields, string name) =>
        ulong.TryParse(fields.GetString(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The field '{name}' holds a value that is not an unsigned 64-bit decimal.");
}
