using System.Diagnostics.CodeAnalysis;
using Custody.Ethereum;

namespace Custody.Domain.Intents;

/// <summary>
/// The domain's address rule: contracts and policies carry addresses in their EIP-55 checksummed form only
/// (EIP-55: mixed-case checksum). All-lower or all-upper addresses are refused so that a typo cannot pass.
/// </summary>
public static class ChecksumAddress
{
    public static bool TryParse([NotNullWhen(true)] string? text, out Address address) =>
        Address.TryParse(text, out address) && string.Equals(address.ToChecksumString(), text, StringComparison.Ordinal);

    /// <summary>A precise reason when <see cref="TryParse"/> fails.</summary>
    public static string Explain(string? text) =>
        Address.TryParse(text, out var address)
            ? $"must be EIP-55 checksummed: {address.ToChecksumString()}"
            : "must be an address, 0x followed by 40 hex digits with an EIP-55 checksum";
}
