using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Policy.Display;
using Custody.State;

namespace Custody.Policy.Approvals;

/// <summary>Builds the trusted display (docs/approvals.md "Review") from a stored request and its policy.</summary>
public sealed class ReviewBuilder(TokenRegistry tokens)
{
    public ApprovalReview Build(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var intent = context.Intent;
        var record = context.Record;
        var (symbol, decimals) = tokens.Describe(intent.Asset);
        var labels = context.Policy.AddressBooks.Where(b => b.Value.Contains(intent.Destination)).Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
        var display = new TransactionDisplay(
            intent.ChainId, intent.WalletId, intent.WalletAddress.ToChecksumString(), intent.Kind.ToString(), intent.Asset.ToString(), symbol, decimals,
            TokenUnits.Format(intent.Amount.ToBigInteger(), decimals), intent.Amount.ToString(), intent.Destination.ToChecksumString(), labels,
            intent.To.ToChecksumString(), intent.Value.ToString(), record.Request.Data, intent.Initiator);
        var windowEnd = WholeSecondAtOrBefore(context.WindowEnd);
        var policyId = context.Policy.Id;
        var toSign = new[] { ApprovalDecision.Approve, ApprovalDecision.Reject }
            .Select(d => new DigestToSign(d.ToWire(), windowEnd, "0x" + Convert.ToHexStringLower(ApprovalDigest.Compute(record.RequestId, intent.Hash, policyId, d, windowEnd))))
            .ToList();
        return new ApprovalReview(record.RequestId, record.State.ToString(), display, intent.Hash.ToString(), policyId.ToString(), Rule(context),
            context.DecidedAt, context.WindowEnd, Votes(record), toSign, record.Request);
    }

    public static PendingApproval Pending(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rule = Rule(context);
        return new PendingApproval(context.Record.RequestId, context.Record.WalletId, context.Intent.Hash.ToString(), context.Policy.Id.ToString(),
            rule.RuleId, rule.Groups, rule.Mandatory, context.WindowEnd, Votes(context.Record));
    }

    public static IReadOnlyList<VoteDisplay> Votes(TransactionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Approvals.Select(a => new VoteDisplay(a.ApproverId, a.Decision, a.ExpiresAt)).ToList();
    }

    private static RuleDisplay Rule(RequestContext context)
    {
        var requirement = context.Requirement;
        var summary = PolicySummary.Describe(context.Policy).ElementAt(context.Policy.Rules.IndexOf(context.Rule));
        return new RuleDisplay(context.Rule.Id, context.Rule.Description,
            requirement.Groups.Select(g => new GroupRequirement(g.Group, g.Quorum, g.Members)).ToList(),
            requirement.Mandatory, (long)requirement.Expiry.TotalSeconds, summary);
    }

    private static DateTimeOffset WholeSecondAtOrBefore(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
