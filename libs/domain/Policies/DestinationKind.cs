namespace Custody.Domain.Policies;

public enum DestinationKind
{
    Any,
    Whitelist,
    AddressBook,
}
