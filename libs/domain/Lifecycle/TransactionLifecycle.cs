using System.Collections.Frozen;

namespace Custody.Domain.Lifecycle;

/// <summary>
/// The allowed transitions of <see cref="TransactionState"/> (docs/architecture.md "State"):
/// Requested -> Validated | Rejected; Validated -> PendingApproval | Approved | Blocked;
/// PendingApproval -> Approved | Rejected | Expired; Approved -> Signing; Signing -> Signed | SigningFailed;
/// Signed -> Broadcast; Broadcast -> Confirmed | Failed | Replaced, and Broadcast -> Signing for a fee
/// replacement (replacement-requested: same nonce, bumped fee). Terminal states never change.
/// Re-applying the current state is not a transition: handlers treat it as an idempotent no-op before
/// calling <see cref="Transition"/>.
/// </summary>
public static class TransactionLifecycle
{
    private static readonly FrozenDictionary<TransactionState, FrozenSet<TransactionState>> Allowed =
        new Dictionary<TransactionState, FrozenSet<TransactionState>>
        {
            [TransactionState.Requested] = Set(TransactionState.Validated, TransactionState.Rejected),
            [TransactionState.Validated] = Set(TransactionState.PendingApproval, TransactionState.Approved, TransactionState.Blocked),
            [TransactionState.PendingApproval] = Set(TransactionState.Approved, TransactionState.Rejected, TransactionState.Expired),
            [TransactionState.Approved] = Set(TransactionState.Signing),
            [TransactionState.Signing] = Set(TransactionState.Signed, TransactionState.SigningFailed),
            [TransactionState.Signed] = Set(TransactionState.Broadcast),
            [TransactionState.Broadcast] = Set(
                TransactionState.Confirmed, TransactionState.Failed, TransactionState.Replaced, TransactionState.Signing),
        }.ToFrozenDictionary();

    /// <summary>States that never change: the request's story is over.</summary>
    public static bool IsTerminal(TransactionState state) => !Allowed.ContainsKey(state);

    /// <summary>The states reachable in one step from <paramref name="from"/> (empty for terminal states).</summary>
    public static IReadOnlySet<TransactionState> NextStates(TransactionState from) =>
        Allowed.TryGetValue(from, out var next) ? next : FrozenSet<TransactionState>.Empty;

    public static bool CanTransition(TransactionState from, TransactionState to) =>
        Allowed.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>Returns <paramref name="to"/> when allowed, else throws <see cref="InvalidTransitionException"/>.</summary>
    public static TransactionState Transition(TransactionState from, TransactionState to) =>
        CanTransition(from, to) ? to : throw new InvalidTransitionException(from, to);

    private static FrozenSet<TransactionState> Set(params TransactionState[] states) => states.ToFrozenSet();
}
