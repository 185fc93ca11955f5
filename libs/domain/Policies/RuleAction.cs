using System.Collections.Immutable;

namespace Custody.Domain.Policies;

/// <summary>What a matching rule decides. <see cref="Approval"/> is set only for REQUIRE_APPROVAL.</summary>
public sealed record RuleAction(PolicyDecisionKind Kind, ApprovalRequirement? Approval)
{
    public static RuleAction Allow { get; } = new(PolicyDecisionKind.Allow, null);

    public static RuleAction Block { get; } = new(PolicyDecisionKind.Block, null);
}

/// <summary>
/// REQUIRE_APPROVAL: every group needs its quorum of distinct approvers, every mandatory approver must
/// approve, and the approval window closes after <see cref="Expiry"/>.
/// </summary>
public sealed record ApprovalRequirement(ImmutableArray<GroupQuorum> Groups, ImmutableArray<string> Mandatory, TimeSpan Expiry);

/// <summary>At least <see cref="Quorum"/> distinct members of <see cref="Group"/> must approve.</summary>
public sealed record GroupQuorum(string Group, int Quorum, ImmutableArray<string> Members);
