using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;

namespace Custody.State;

/// <summary>
/// Fields of a <c>transactions/{requestId}</c> document (docs/state.md, "transactions"). Optional members are
/// written as null and read as absent-or-null, so documents written before a member existed still read.
/// </summary>
public sealed class TransactionRecordMapper : IDocumentMapper<TransactionRecord>
{
    public static TransactionRecordMapper Instance { get; } = new();

    public FieldMap ToFields(TransactionRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FieldMap
        {
            ["requestId"] = FieldValue.String(value.RequestId),
            ["bodyHash"] = FieldValue.String(value.BodyHash),
            ["state"] = FieldValue.String(value.State.ToString()),
            ["walletId"] = FieldValue.String(value.WalletId),
            ["request"] = FieldValue.Map(RequestFields(value.Request)),
            ["owner"] = Optional(value.Owner),
            ["intentHash"] = Optional(value.IntentHash),
            ["reasons"] = FieldValue.Array(value.Reasons.Select(r => FieldValue.Map(new FieldMap
            {
                ["path"] = FieldValue.String(r.Path),
                ["code"] = FieldValue.String(r.Code),
                ["message"] = FieldValue.String(r.Message),
            }))),
            ["decision"] = Optional(value.Decision),
            ["ruleId"] = Optional(value.RuleId),
            ["policyId"] = Optional(value.PolicyId),
            ["decidedAt"] = Optional(value.DecidedAt),
            ["approvals"] = FieldValue.Array(value.Approvals.Select(a => FieldValue.Map(ApprovalFields(a)))),
            ["deadline"] = Optional(value.Deadline),
            ["nonce"] = value.Nonce is { } nonce ? FieldValue.Integer(nonce) : FieldValue.Null,
            ["transactionHash"] = Optional(value.TransactionHash),
            ["unsignedTransaction"] = Optional(value.UnsignedTransaction),
            ["rawTransaction"] = Optional(value.RawTransaction),
            ["signingNote"] = Optional(value.SigningNote),
            ["approvedEvent"] = Optional(value.ApprovedEvent),
            ["replacement"] = value.Replacement is { } replacement
                ? FieldValue.Map(new FieldMap
                {
                    ["attempt"] = FieldValue.Integer(replacement.Attempt),
                    ["unsignedTransaction"] = FieldValue.String(replacement.UnsignedTransaction),
                    ["status"] = FieldValue.String(replacement.Status.ToString()),
                    ["note"] = Optional(replacement.Note),
                })
                : FieldValue.Null,
            ["replacedTransactionHashes"] = FieldValue.Array(value.ReplacedTransactionHashes.Select(FieldValue.String)),
            ["signingTimes"] = value.SigningTimes is { } times
                ? FieldValue.Map(new FieldMap
                {
                    ["checksMs"] = FieldValue.Double(times.ChecksMs),
                    ["computeMs"] = FieldValue.Double(times.ComputeMs),
                    ["relayMs"] = FieldValue.Double(times.RelayMs),
                })
                : FieldValue.Null,
            ["receipt"] = value.Receipt is { } receipt
                ? FieldValue.Map(new FieldMap
                {
                    ["blockNumber"] = FieldValue.String(receipt.BlockNumber),
                    ["blockHash"] = FieldValue.String(receipt.BlockHash),
                    ["confirmations"] = FieldValue.Integer(receipt.Confirmations),
                })
                : FieldValue.Null,
            ["createdAt"] = FieldValue.Timestamp(value.CreatedAt),
            ["updatedAt"] = FieldValue.Timestamp(value.UpdatedAt),
            ["traceId"] = FieldValue.String(value.TraceId),
        };
    }

    public TransactionRecord FromFields(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var stateName = fields.GetString("state");
        if (!Enum.TryParse<TransactionState>(stateName, ignoreCase: false, out var state) || !Enum.IsDefined(state) || stateName.Any(char.IsDigit))
        {
            throw new FormatException("The field 'state' is not a lifecycle state.");
        }

        return new TransactionRecord
        {
            RequestId = fields.GetString("requestId"),
            BodyHash = fields.GetString("bodyHash"),
            State = state,
            WalletId = fields.GetString("walletId"),
            Request = ReadRequest(fields.GetMap("request")),
            Owner = fields.GetOptionalString("owner"),
            IntentHash = fields.GetOptionalString("intentHash"),
            Reasons = OptionalArray(fields, "reasons", m => new RejectionReason(m.GetString("path"), m.GetString("code"), m.GetString("message"))),
            Decision = fields.GetOptionalString("decision"),
            RuleId = fields.GetOptionalString("ruleId"),
            PolicyId = fields.GetOptionalString("policyId"),
            DecidedAt = fields.GetOptionalTimestamp("decidedAt"),
            Approvals = OptionalArray(fields, "approvals", ReadApproval),
            Deadline = fields.GetOptionalTimestamp("deadline"),
            Nonce = fields.TryGet("nonce", out var nonce) && !nonce.IsNull ? nonce.AsInteger() : null,
            TransactionHash = fields.GetOptionalString("transactionHash"),
            UnsignedTransaction = fields.GetOptionalString("unsignedTransaction"),
            RawTransaction = fields.GetOptionalString("rawTransaction"),
            SigningNote = fields.GetOptionalString("signingNote"),
            ApprovedEvent = fields.GetOptionalString("approvedEvent"),
            Replacement = fields.TryGet("replacement", out var replacement) && !replacement.IsNull ? ReadReplacement(replacement.AsMap()) : null,
            ReplacedTransactionHashes = fields.TryGet("replacedTransactionHashes", out var replaced) && !replaced.IsNull ? replaced.AsArray().Select(v => v.AsString()).ToArray() : [],
            SigningTimes = fields.TryGet("signingTimes", out var times) && !times.IsNull ? ReadSigningTimes(times.AsMap()) : null,
            Receipt = fields.TryGet("receipt", out var receipt) && !receipt.IsNull ? ReadReceipt(receipt.AsMap()) : null,
            CreatedAt = fields.GetTimestamp("createdAt"),
            UpdatedAt = fields.GetTimestamp("updatedAt"),
            TraceId = fields.GetString("traceId"),
        };
    }

    /// <summary>The request as a nested map (also used by stages that store a request elsewhere).</summary>
    public static FieldMap RequestFields(TransactionRequested request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new FieldMap
        {
            ["requestId"] = FieldValue.String(request.RequestId),
            ["walletId"] = FieldValue.String(request.WalletId),
            ["walletAddress"] = FieldValue.String(request.WalletAddress),
            // Firestore integers are signed 64-bit; a chain id above long.MaxValue is stored as its decimal string.
            ["chainId"] = FieldValue.String(request.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["to"] = FieldValue.String(request.To),
            ["value"] = FieldValue.String(request.Value),
            ["data"] = FieldValue.String(request.Data),
            ["initiator"] = FieldValue.String(request.Initiator),
            // Round-trip text ("O"), not a timestamp: Firestore keeps microseconds, the request is kept exactly as received.
            ["requestedAt"] = FieldValue.String(request.RequestedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    public static TransactionRequested ReadRequest(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!ulong.TryParse(fields.GetString("chainId"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var chainId))
        {
            throw new FormatException("The field 'chainId' is not an unsigned 64-bit decimal.");
        }

        if (!DateTimeOffset.TryParseExact(fields.GetString("requestedAt"), "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var requestedAt))
        {
            throw new FormatException("The field 'requestedAt' is not a round-trip date and time.");
        }

        return new TransactionRequested(
            fields.GetString("requestId"), fields.GetString("walletId"), fields.GetString("walletAddress"), chainId,
            fields.GetString("to"), fields.GetString("value"), fields.GetString("data"), fields.GetString("initiator"),
            requestedAt);
    }

    private static FieldMap ApprovalFields(SignedApproval approval) => new()
    {
        ["approverId"] = FieldValue.String(approval.ApproverId),
        ["requestId"] = FieldValue.String(approval.RequestId),
        ["intentHash"] = FieldValue.String(approval.IntentHash),
        ["policyId"] = FieldValue.String(approval.PolicyId),
        ["decision"] = FieldValue.String(approval.Decision),
        ["expiresAt"] = FieldValue.Timestamp(approval.ExpiresAt),
        ["signature"] = FieldValue.String(approval.Signature),
    };

    private static SignedApproval ReadApproval(FieldMap m) => new(
        m.GetString("approverId"), m.GetString("requestId"), m.GetString("intentHash"), m.GetString("policyId"),
        m.GetString("decision"), m.GetTimestamp("expiresAt"), m.GetString("signature"));

    private static TransactionReceipt ReadReceipt(FieldMap m)
    {
        var confirmations = m.GetInteger("confirmations");
        if (confirmations is < 0 or > int.MaxValue)
        {
            throw new FormatException("The field 'confirmations' is out of range.");
        }

        return new TransactionReceipt(m.GetString("blockNumber"), m.GetString("blockHash"), (int)confirmations);
    }

    private static TransactionReplacement ReadReplacement(FieldMap m)
    {
        var attempt = m.GetInteger("attempt");
        var statusName = m.GetString("status");
        if (attempt is < 1 or > int.MaxValue || !Enum.TryParse<ReplacementStatus>(statusName, ignoreCase: false, out var status) || !Enum.IsDefined(status) || statusName.Any(char.IsDigit))
        {
            throw new FormatException("The field 'replacement' holds an attempt out of range or an unknown status.");
        }

        return new TransactionReplacement((int)attempt, m.GetString("unsignedTransaction"), status, m.GetOptionalString("note"));
    }

    private static SigningTimes ReadSigningTimes(FieldMap m)
    {
        var times = new SigningTimes(m.GetDouble("checksMs"), m.GetDouble("computeMs"), m.GetDouble("relayMs"));
        return times.ChecksMs >= 0 && times.ComputeMs >= 0 && times.RelayMs >= 0 ? times : throw new FormatException("The field 'signingTimes' holds a negative duration.");
    }

    private static IReadOnlyList<T> OptionalArray<T>(FieldMap fields, string name, Func<FieldMap, T> read) =>
        fields.TryGet(name, out var value) && !value.IsNull ? value.AsArray().Select(v => read(v.AsMap())).ToArray() : [];

    private static FieldValue Optional(string? value) => value is null ? FieldValue.Null : FieldValue.String(value);

    private static FieldValue Optional(DateTimeOffset? value) => value is { } v ? FieldValue.Timestamp(v) : FieldValue.Null;
}
