using Custody.Domain.Intents;

namespace Custody.Policy.Display;

/// <summary>Symbol and decimals of the native coin and the configured ERC-20 tokens, for the trusted display.</summary>
public sealed class TokenRegistry
{
    private readonly Dictionary<Asset, (string Symbol, int Decimals)> _tokens = [];

    public TokenRegistry(PolicyServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tokens[Asset.Native] = (options.NativeSymbol, options.NativeDecimals);
        foreach (var token in options.Tokens)
        {
            if (!Asset.TryParse(token.Address, out var asset) || asset.Kind != AssetKind.Erc20)
            {
                throw new InvalidOperationException($"Token registry: {token.Address} is not an EIP-55 checksummed contract address.");
            }

            if (!_tokens.TryAdd(asset, (token.Symbol, token.Decimals)))
            {
                throw new InvalidOperationException($"Token registry: {token.Address} is listed twice.");
            }
        }
    }

    /// <summary>The asset's symbol and decimals; an unlisted token shows as its address with 0 decimals (base units).</summary>
    public (string Symbol, int Decimals) Describe(Asset asset) =>
        _tokens.TryGetValue(asset, out var known) ? known : (asset.ToString(), 0);
}
