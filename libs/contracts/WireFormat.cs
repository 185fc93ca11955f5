using System.Globalization;
using System.Numerics;

namespace Custody.Contracts;

/// <summary>
/// Shape rules shared by every contract: amounts are decimal strings of base units in [0, 2^256-1],
/// bytes are 0x-hex, addresses are 0x + 40 hex digits (the EIP-55 checksum itself is checked by the
/// domain, which owns Keccak-256), ids are short and printable. Each failure is "path: reason".
/// </summary>
public static class WireFormat
{
    /// <summary>2^256 - 1, the largest uint256.</summary>
    public static readonly BigInteger MaxUInt256 = (BigInteger.One << 256) - 1;

    /// <summary>Longest accepted id or free-text field.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Largest accepted calldata, in bytes (a generous bound on a request, not an EVM limit).</summary>
    public const int MaxDataBytes = 128 * 1024;

    public static bool IsId(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxIdLength &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');

    public static bool IsText(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxIdLength && !value.Any(char.IsControl) &&
        value.Trim().Length == value.Length;

    /// <summary>Decimal digits without sign, separators or leading zeros ("0" itself is fine), at most 2^256-1.</summary>
    public static bool IsAmount(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 78 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (value.Length > 1 && value[0] == '0')
        {
            return false;
        }

        return BigInteger.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) <= MaxUInt256;
    }

    /// <summary>"0x" followed by an even number of hex digits.</summary>
    public static bool IsHex(string? value, int? exactBytes = null)
    {
        if (value is null || value.Length < 2 || value[0] != '0' || value[1] != 'x')
        {
            return false;
        }

        var digits = value.AsSpan(2);
        if (digits.Length % 2 != 0 || digits.Length / 2 > MaxDataBytes)
        {
            return false;
        }

        if (exactBytes is { } n && digits.Length != 2 * n)
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

        return true;
    }

    /// <summary>"0x" + 40 hex digits (the EIP-55 checksum is verified by the domain).</summary>
    public static bool IsAddressShape(string? value) => IsHex(value, 20);

    public static void CheckId(List<string> errors, string path, string? value)
    {
        if (!IsId(value))
        {
            errors.Add($"{path}: must be 1-{MaxIdLength} characters of A-Z a-z 0-9 . _ : -");
        }
    }

    public static void CheckText(List<string> errors, string path, string? value)
    {
        if (!IsText(value))
        {
            errors.Add($"{path}: must be 1-{MaxIdLength} printable characters without surrounding spaces");
        }
    }

    public static void CheckAmount(List<string> errors, string path, string? value)
    {
        if (!IsAmount(value))
        {
            errors.Add($"{path}: must be a decimal integer in [0, 2^256-1] without sign or leading zeros");
        }
    }

    public static void CheckHex(List<string> errors, string path, string? value)
    {
        if (!IsHex(value))
        {
            errors.Add($"{path}: must be 0x followed by an even number of hex digits (at most {MaxDataBytes} bytes)");
        }
    }

    public static void CheckHash(List<string> errors, string path, string? value)
    {
        if (!IsHex(value, 32))
        {
            errors.Add($"{path}: must be 0x followed by 64 hex digits");
        }
    }

    public static void CheckAddress(List<string> errors, string path, string? value)
    {
        if (!IsAddressShape(value))
        {
            errors.Add($"{path}: must be an address, 0x followed by 40 hex digits (EIP-55 checksummed)");
        }
    }
}
