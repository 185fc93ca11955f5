namespace Custody.Domain.Approvals;

/// <summary>An approver's vote; the value is the byte in the approval digest.</summary>
public enum ApprovalDecision : byte
{
    Approve = 1,
    Reject = 2,
}

public static class ApprovalDecisionNames
{
    public const string Approve = "APPROVE";
    public const string Reject = "REJECT";

    public static string ToWire(this ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approve => Approve,
        ApprovalDecision.Reject => Reject,
        _ => throw new ArgumentOutOfRangeException(nameof(decision)),
    };

    public static bool TryParse(string? text, out ApprovalDecision decision)
    {
        decision = text switch
        {
            Approve => ApprovalDecision.Approve,
            Reject => ApprovalDecision.Reject,
            _ => 0,
        };
        return decision != 0;
    }
}
