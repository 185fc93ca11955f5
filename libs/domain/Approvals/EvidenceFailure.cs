namespace Custody.Domain.Approvals;

/// <summary>One reason evidence is not accepted, with the approver or group it concerns when there is one.</summary>
public sealed record EvidenceFailure(EvidenceFailureReason Reason, string Detail, string? Subject = null)
{
    public override string ToString() => Subject is null ? $"{Reason}: {Detail}" : $"{Reason} ({Subject}): {Detail}";
}
