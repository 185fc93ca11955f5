using System.Globalization;

namespace Custody.Chain;

/// <summary>The default block parameter (Ethereum JSON-RPC specification, EIP-1898 simple form).</summary>
public readonly record struct BlockTag
{
    private readonly string? _tag;
    private readonly ulong? _number;

    private BlockTag(string? tag, ulong? number)
    {
        _tag = tag;
        _number = number;
    }

    public static BlockTag Latest => new("latest", null);

    public static BlockTag Pending => new("pending", null);

    public static BlockTag Earliest => new("earliest", null);

    public static BlockTag Number(ulong number) => new(null, number);

    /// <summary>The JSON-RPC form: a tag name or a hex QUANTITY; default(BlockTag) is "latest".</summary>
    public override string ToString() =>
        _number is { } number ? "0x" + number.ToString("x", CultureInfo.InvariantCulture) : _tag ?? "latest";

    /// <summary>Nethereum's block parameter for this tag.</summary>
    internal Nethereum.RPC.Eth.DTOs.BlockParameter ToParameter() =>
        _number is { } number ? new Nethereum.RPC.Eth.DTOs.BlockParameter(number) : _tag switch
        {
            "pending" => Nethereum.RPC.Eth.DTOs.BlockParameter.CreatePending(),
            "earliest" => Nethereum.RPC.Eth.DTOs.BlockParameter.CreateEarliest(),
            _ => Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(),
        };
}
