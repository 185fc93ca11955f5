using System.Numerics;

namespace Custody.Domain.Policies;

/// <summary>An inclusive range of base units; a missing bound is open (0 or 2^256-1).</summary>
public sealed record AmountRange(BigInteger? Min, BigInteger? Max)
{
    public bool Contains(BigInteger amount) => (Min is not { } min || amount >= min) && (Max is not { } max || amount <= max);

    public override string ToString() => $"[{Min?.ToString() ?? "0"}, {Max?.ToString() ?? "2^256-1"}]";
}
