namespace Custody.Domain.Policies;

/// <summary>One reason a policy file is refused: a JSON path (e.g. <c>$.rules[2].when.amount.max</c>) and why.</summary>
public sealed record PolicyError(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
