namespace Custody.Ethereum;

/// <summary>Strict 0x-prefixed hexadecimal, as used by the Ethereum JSON-RPC "DATA" encoding.</summary>
public static class Hex
{
    /// <summary>Lower-case hex with a 0x prefix ("0x" for empty input).</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>
    /// Decodes 0x-prefixed hex with an even number of digits (either case). Anything else is rejected.
    /// </summary>
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null || text.Length < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            return false;
        }

        var digits = text.AsSpan(2);
        if (digits.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(digits);
        return true;
    }

    /// <summary>Decodes 0x-prefixed hex or throws <see cref="EthereumFormatException"/>.</summary>
    public static byte[] Decode(string? text, string what = "hex data")
    {
        if (!TryDecode(text, out var bytes))
        {
            throw new EthereumFormatException($"{what} must be 0x-prefixed hex with an even number of digits.");
        }

        return bytes;
    }
}
