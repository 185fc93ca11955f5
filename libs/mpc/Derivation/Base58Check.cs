using System.Numerics;
using System.Security.Cryptography;

namespace Custody.Mpc.Derivation;

/// <summary>
/// Base58Check (the encoding of BIP-32 extended keys): payload || first 4 bytes of SHA-256(SHA-256(payload)),
/// written in the Bitcoin base-58 alphabet, each leading zero byte as a leading '1'. Decoding is strict: only
/// alphabet characters, no surrounding whitespace, the exact expected payload length, and a matching checksum.
/// </summary>
public static class Base58Check
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const int ChecksumLength = 4;

    public static string Encode(ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + ChecksumLength];
        payload.CopyTo(data);
        Checksum(payload).CopyTo(data.AsSpan(payload.Length));
        var value = new BigInteger(data, isUnsigned: true, isBigEndian: true);
        var digits = new List<char>();
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            digits.Add(Alphabet[(int)remainder]);
        }

        var leadingZeros = data.TakeWhile(b => b == 0).Count();
        digits.AddRange(Enumerable.Repeat('1', leadingZeros));
        digits.Reverse();
        return new string(digits.ToArray());
    }

    /// <summary>The payload of <paramref name="text"/>, which must decode to exactly <paramref name="payloadLength"/> bytes plus a valid checksum.</summary>
    public static byte[] Decode(string text, int payloadLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > 200)
        {
            throw new FormatException("Base58Check text is empty or too long");
        }

        var value = BigInteger.Zero;
        foreach (var c in text)
        {
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                throw new FormatException($"'{c}' is not a Base58 character");
            }

            value = (value * 58) + digit;
        }

        var leadingZeros = text.TakeWhile(c => c == '1').Count();
        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var data = new byte[leadingZeros + body.Length];
        body.CopyTo(data, leadingZeros);
        if (data.Length != payloadLength + ChecksumLength)
        {
            throw new FormatException($"Base58Check payload must be {payloadLength} bytes, got {data.Length - ChecksumLength}");
        }

        var payload = data.AsSpan(0, payloadLength);
        if (!CryptographicOperations.FixedTimeEquals(Checksum(payload), data.AsSpan(payloadLength)))
        {
            throw new FormatException("Base58Check checksum does not match");
        }

        return payload.ToArray();
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData(SHA256.HashData(payload))[..ChecksumLength];
}
