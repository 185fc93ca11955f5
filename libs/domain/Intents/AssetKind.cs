namespace Custody.Domain.Intents;

/// <summary>What moves; the value is the byte used in the intent hash.</summary>
public enum AssetKind : byte
{
    Native = 0,
    Erc20 = 1,
}
