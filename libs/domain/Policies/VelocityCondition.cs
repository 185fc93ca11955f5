namespace Custody.Domain.Policies;

/// <summary>
/// Velocity: S = (this request's amount) + (sum of history amounts of the same wallet and asset whose time
/// t satisfies now - window &lt; t, other requests only). The condition holds when S is in <see cref="Range"/>.
/// An entry exactly at now - window is outside the window; entries after now count (clock skew never
/// lowers the sum).
/// </summary>
public sealed record VelocityCondition(TimeSpan Window, AmountRange Range);
