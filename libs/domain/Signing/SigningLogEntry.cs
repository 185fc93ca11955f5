namespace Custody.Domain.Signing;

/// <summary>
/// What a party's signing log holds for one (wallet, chain, nonce): the transaction it admitted last, when, how
/// many fee replacements preceded it, and when it started contributing to its signature (null: not yet).
/// </summary>
public sealed record SigningLogEntry(SigningAttempt Attempt, DateTimeOffset RecordedAt, int Replacements, DateTimeOffset? ContributedAt)
{
    public bool Contributed => ContributedAt is not null;
}
