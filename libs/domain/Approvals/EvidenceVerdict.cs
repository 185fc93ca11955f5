using Custody.Domain.Policies;

namespace Custody.Domain.Approvals;

/// <summary>Approved, or every reason it is not. <see cref="Decision"/> is the verifier's own policy decision.</summary>
public sealed record EvidenceVerdict(PolicyDecision Decision, IReadOnlyList<EvidenceFailure> Failures)
{
    public bool IsApproved => Failures.Count == 0;

    public bool Has(EvidenceFailureReason reason) => Failures.Any(f => f.Reason == reason);
}
