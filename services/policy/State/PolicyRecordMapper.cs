using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Approvals;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;

namespace Custody.Policy.State;

/// <summary>Explicit field mapping of <see cref="PolicyRecord"/>; the request is kept as its contract JSON.</summary>
public sealed class PolicyRecordMapper : IDocumentMapper<PolicyRecord>
{
    public static PolicyRecordMapper Instance { get; } = new();

    public FieldMap ToFields(PolicyRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new FieldMap
        {
            ["requestId"] = FieldValue.String(value.RequestId),
            ["state"] = FieldValue.String(value.State.ToString()),
            ["request"] = FieldValue.String(JsonSerializer.Serialize(value.Request, ContractsJsonContext.Default.TransactionRequested)),
            ["intentHash"] = FieldValue.String(value.IntentHash),
            ["walletId"] = FieldValue.String(value.WalletId),
            ["asset"] = FieldValue.String(value.Asset),
            ["amount"] = FieldValue.String(value.Amount),
            ["policyId"] = FieldValue.String(value.PolicyId),
            ["decision"] = FieldValue.String(value.Decision),
            ["ruleId"] = value.RuleId is { } rule ? FieldValue.String(rule) : FieldValue.Null,
            ["decidedAt"] = FieldValue.Timestamp(value.DecidedAt),
            ["deadline"] = value.Deadline is { } deadline ? FieldValue.Timestamp(deadline) : FieldValue.Null,
            ["votes"] = FieldValue.Array(value.Votes.Select(Vote)),
            ["updatedAt"] = FieldValue.Timestamp(value.UpdatedAt),
        };
    }

    public PolicyRecord FromFields(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!Enum.TryParse<TransactionState>(fields.GetString("state"), ignoreCase: false, out var state))
        {
            throw new FormatException("The field 'state' is not a lifecycle state.");
        }

        TransactionRequestedOrThrow(fields.GetString("request"), out var request);
        return new PolicyRecord(
            fields.GetString("requestId"), state, request, fields.GetString("intentHash"), fields.GetString("walletId"),
            fields.GetString("asset"), fields.GetString("amount"), fields.GetString("policyId"), fields.GetString("decision"),
            fields.GetOptionalString("ruleId"), fields.GetTimestamp("decidedAt"), fields.GetOptionalTimestamp("deadline"),
            fields.GetArray("votes").Select(v => Vote(v.AsMap())).ToList(), fields.GetTimestamp("updatedAt"));
    }

    private static FieldValue Vote(RecordedVote vote) => FieldValue.Map(new FieldMap
    {
        ["approverId"] = FieldValue.String(vote.Approval.ApproverId),
        ["requestId"] = FieldValue.String(vote.Approval.RequestId),
        ["intentHash"] = FieldValue.String(vote.Approval.IntentHash),
        ["policyId"] = FieldValue.String(vote.Approval.PolicyId),
        ["decision"] = FieldValue.String(vote.Approval.Decision),
        ["expiresAt"] = FieldValue.Timestamp(vote.Approval.ExpiresAt),
        ["signature"] = FieldValue.String(vote.Approval.Signature),
        ["recordedAt"] = FieldValue.Timestamp(vote.RecordedAt),
    });

    private static RecordedVote Vote(FieldMap map) => new(
        new SignedApproval(map.GetString("approverId"), map.GetString("requestId"), map.GetString("intentHash"), map.GetString("policyId"),
            map.GetString("decision"), map.GetTimestamp("expiresAt"), map.GetString("signature")),
        map.GetTimestamp("recordedAt"));

    private static void TransactionRequestedOrThrow(string json, out Contracts.Events.TransactionRequested request)
    {
        try
        {
            request = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TransactionRequested)
                ?? throw new FormatException("The field 'request' is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException("The field 'request' is not a transaction-requested contract.", e);
        }
    }
}
