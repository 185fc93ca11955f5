namespace Custody.Domain.Policies;

/// <summary>What evaluation needs besides the policy and the intent: the velocity history and the time.</summary>
public sealed record PolicyEvaluationContext(IReadOnlyList<VelocityEntry> History, DateTimeOffset Now)
{
    public static PolicyEvaluationContext At(DateTimeOffset now) => new([], now);
}
