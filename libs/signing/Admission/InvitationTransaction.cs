using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Signing.Admission;

/// <summary>Builds the EIP-1559 transaction an invitation describes, or says which field is wrong.</summary>
internal static class InvitationTransaction
{
    public static DynamicFeeTransaction? TryBuild(UnsignedTransaction? fields, List<AdmissionRefusal> refusals)
    {
        if (fields is null)
        {
            refusals.Add(new(AdmissionCodes.MalformedInvitation, "$.transaction: is required"));
            return null;
        }

        var before = refusals.Count;
        var tip = Amount(fields.MaxPriorityFeePerGas, "maxPriorityFeePerGas", refusals);
        var maxFee = Amount(fields.MaxFeePerGas, "maxFeePerGas", refusals);
        var value = Amount(fields.Value, "value", refusals);
        if (!Address.TryParse(fields.To, out var to))
        {
            refusals.Add(new(AdmissionCodes.MalformedInvitation, "$.transaction.to: must be a 0x address"));
        }

        if (!Hex.TryDecode(fields.Data, out var data))
        {
            refusals.Add(new(AdmissionCodes.MalformedInvitation, "$.transaction.data: must be 0x hex"));
        }

        if (refusals.Count != before)
        {
            return null;
        }

        var transaction = new DynamicFeeTransaction
        {
            ChainId = fields.ChainId,
            Nonce = fields.Nonce,
            MaxPriorityFeePerGas = tip,
            MaxFeePerGas = maxFee,
            GasLimit = fields.GasLimit,
            To = to,
            Value = value,
            Data = data,
        };
        try
        {
            transaction.Validate();
            return transaction;
        }
        catch (EthereumFormatException e)
        {
            refusals.Add(new(AdmissionCodes.MalformedInvitation, "$.transaction: " + e.Message));
            return null;
        }
    }

    private static UInt256 Amount(string? text, string field, List<AdmissionRefusal> refusals)
    {
        if (text is { Length: > 0 } && char.IsAsciiDigit(text[0]) && !text.StartsWith("0x", StringComparison.Ordinal) && UInt256.TryParse(text, out var amount))
        {
            return amount;
        }

        refusals.Add(new(AdmissionCodes.MalformedInvitation, $"$.transaction.{field}: must be a decimal string of wei"));
        return default;
    }
}
