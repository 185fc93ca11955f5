namespace Custody.Domain.Policies;

/// <summary>One rule: if every condition holds, the action decides.</summary>
public sealed record PolicyRule(string Id, string? Description, RuleCondition When, RuleAction Action);
