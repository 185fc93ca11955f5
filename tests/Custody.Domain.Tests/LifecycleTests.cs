using Custody.Domain.Lifecycle;
using S = Custody.Domain.Lifecycle.TransactionState;

namespace Custody.Domain.Tests;

public sealed class when_a_transaction_changes_state
{
    private static readonly (S From, S To)[] Allowed =
    [
        (S.Requested, S.Validated), (S.Requested, S.Rejected),
        (S.Validated, S.PendingApproval), (S.Validated, S.Approved), (S.Validated, S.Blocked),
        (S.PendingApproval, S.Approved), (S.PendingApproval, S.Rejected), (S.PendingApproval, S.Expired),
        (S.Approved, S.Signing),
        (S.Signing, S.Signed), (S.Signing, S.SigningFailed),
        (S.Signed, S.Broadcast),
        (S.Broadcast, S.Confirmed), (S.Broadcast, S.Failed), (S.Broadcast, S.Replaced), (S.Broadcast, S.Signing),
    ];

    private static readonly S[] Terminal = [S.Rejected, S.Blocked, S.Expired, S.SigningFailed, S.Confirmed, S.Failed, S.Replaced];

    public static TheoryData<S, S> AllowedPairs() => new(Allowed);

    public static TheoryData<S, S> ForbiddenPairs()
    {
        var data = new TheoryData<S, S>();
        foreach (var from in Enum.GetValues<S>())
        {
            foreach (var to in Enum.GetValues<S>().Where(to => !Allowed.Contains((from, to))))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<S> TerminalStates() => new(Terminal);

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void an_allowed_transition_returns_the_new_state(S from, S to) =>
        Assert.Equal(to, TransactionLifecycle.Transition(from, to));

    [Theory]
    [MemberData(nameof(ForbiddenPairs))]
    public void every_other_transition_throws_a_typed_error(S from, S to)
    {
        Assert.False(TransactionLifecycle.CanTransition(from, to));
        var error = Assert.Throws<InvalidTransitionException>(() => TransactionLifecycle.Transition(from, to));
        Assert.Equal(from, error.From);
        Assert.Equal(to, error.To);
    }

    [Theory]
    [MemberData(nameof(TerminalStates))]
    public void a_terminal_state_never_changes(S state)
    {
        Assert.True(TransactionLifecycle.IsTerminal(state));
        Assert.Empty(TransactionLifecycle.NextStates(state));
        Assert.All(Enum.GetValues<S>(), to => Assert.Throws<InvalidTransitionException>(() => TransactionLifecycle.Transition(state, to)));
    }

    [Fact]
    public void exactly_the_listed_states_are_terminal() =>
        Assert.Equal(Terminal.Order(), Enum.GetValues<S>().Where(TransactionLifecycle.IsTerminal).Order());

    [Fact]
    public void the_error_message_lists_what_is_allowed() =>
        Assert.Contains("Signing", Assert.Throws<InvalidTransitionException>(
            () => TransactionLifecycle.Transition(S.Approved, S.Broadcast)).Message, StringComparison.Ordinal);
}
