using System.Collections.Frozen;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>Which destinations a rule matches: any, an inline whitelist or a named address book.</summary>
public sealed record DestinationCondition(DestinationKind Kind, string? AddressBook, FrozenSet<Address> Addresses)
{
    public static DestinationCondition Any { get; } = new(DestinationKind.Any, null, FrozenSet<Address>.Empty);

    public bool Matches(Address destination) => Kind == DestinationKind.Any || Addresses.Contains(destination);
}
