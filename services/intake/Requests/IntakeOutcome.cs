using Custody.State;

namespace Custody.Intake.Requests;

/// <summary>What became of a submitted request (docs/intake.md, "Idempotency").</summary>
public enum IntakeOutcomeKind
{
    /// <summary>Valid: recorded as Validated (or later), transaction-validated published.</summary>
    Accepted,

    /// <summary>Invalid: recorded as Rejected with its reasons, transaction-rejected published.</summary>
    Rejected,

    /// <summary>The request id was used before with a different body or by another caller: nothing changed.</summary>
    Conflict,
}

/// <param name="Record">The stored request: the new one, the original one for a duplicate, the other one for a conflict.</param>
/// <param name="IsDuplicate">The same body came before: this is the original outcome, nothing was written.</param>
public sealed record IntakeOutcome(IntakeOutcomeKind Kind, TransactionRecord Record, bool IsDuplicate);
