using System.Diagnostics.CodeAnalysis;
using Custody.Ethereum;

namespace Custody.Domain.Intents;

/// <summary>The chain's native coin, or an ERC-20 token identified by its contract address.</summary>
public readonly record struct Asset(AssetKind Kind, Address Contract)
{
    /// <summary>The name used in policies and history files for the native coin.</summary>
    public const string NativeName = "native";

    public static Asset Native => new(AssetKind.Native, Address.Zero);

    public static Asset Erc20(Address contract) => new(AssetKind.Erc20, contract);

    /// <summary>Parses "native" or an EIP-55 checksummed token contract address.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Asset asset)
    {
        asset = Native;
        if (text == NativeName)
        {
            return true;
        }

        if (ChecksumAddress.TryParse(text, out var contract))
        {
            asset = Erc20(contract);
            return true;
        }

        return false;
    }

    /// <summary>"native" or the token contract's EIP-55 address.</summary>
    public override string ToString() => Kind == AssetKind.Native ? NativeName : Contract.ToChecksumString();
}
