namespace Custody.Domain.Policies;

public enum PolicyDecisionKind
{
    Allow,
    Block,
    RequireApproval,
}

public static class PolicyDecisionKindNames
{
    /// <summary>The name used in policy files and decisions: ALLOW, BLOCK, REQUIRE_APPROVAL.</summary>
    public static string ToWire(this PolicyDecisionKind kind) => kind switch
    {
        PolicyDecisionKind.Allow => "ALLOW",
        PolicyDecisionKind.Block => "BLOCK",
        PolicyDecisionKind.RequireApproval => "REQUIRE_APPROVAL",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
