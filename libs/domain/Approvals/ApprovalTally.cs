using Custody.Domain.Policies;

namespace Custody.Domain.Approvals;

/// <summary>
/// Where a REQUIRE_APPROVAL decision stands (docs/approvals.md "Quorum"): each group needs its quorum of
/// distinct members with a valid APPROVE vote, each mandatory approver must approve. An approver who is a
/// member of several groups counts for each. Pure: the caller says who approved and who rejected.
/// </summary>
public sealed class ApprovalTally
{
    private ApprovalTally(IReadOnlyList<EvidenceFailure> missing, bool reachable)
    {
        Missing = missing;
        StillReachable = reachable;
    }

    /// <summary>What is still missing (QuorumNotMet per group, MandatoryApproverMissing per approver); empty when met.</summary>
    public IReadOnlyList<EvidenceFailure> Missing { get; }

    public bool IsMet => Missing.Count == 0;

    /// <summary>False once the votes cast make the requirement impossible to meet (a mandatory approver or too many members rejected).</summary>
    public bool StillReachable { get; }

    public static ApprovalTally Count(ApprovalRequirement requirement, IReadOnlySet<string> approvedBy, IReadOnlySet<string> rejectedBy)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(approvedBy);
        ArgumentNullException.ThrowIfNull(rejectedBy);
        var missing = new List<EvidenceFailure>();
        var reachable = true;
        foreach (var group in requirement.Groups)
        {
            var count = group.Members.Count(approvedBy.Contains);
            if (count < group.Quorum)
            {
                missing.Add(new(EvidenceFailureReason.QuorumNotMet, $"{count} of {group.Quorum} required approvals", group.Group));
                var open = group.Members.Count(m => !approvedBy.Contains(m) && !rejectedBy.Contains(m));
                reachable &= count + open >= group.Quorum;
            }
        }

        foreach (var approver in requirement.Mandatory.Where(a => !approvedBy.Contains(a)))
        {
            missing.Add(new(EvidenceFailureReason.MandatoryApproverMissing, "no valid approval from this mandatory approver", approver));
            reachable &= !rejectedBy.Contains(approver);
        }

        return new ApprovalTally(missing, reachable);
    }
}
