using System.Globalization;
using System.Numerics;

namespace Custody.Gcp.Firestore;

/// <summary>Strict decimal encoding of big integers as Firestore strings: canonical form only, so one number has one encoding.</summary>
internal static class DecimalIntegers
{
    private const int MaxDigits = 100;
    private static readonly BigInteger UInt256Max = (BigInteger.One << 256) - 1;

    public static bool IsUInt256(BigInteger value) => value.Sign >= 0 && value <= UInt256Max;

    public static BigInteger Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        var canonical = digits.Length is > 0 and <= MaxDigits
            && digits.IndexOfAnyExceptInRange('0', '9') < 0
            && (digits.Length == 1 || digits[0] != '0')
            && !(text.StartsWith('-') && digits.SequenceEqual("0"));
        if (!canonical)
        {
            throw new FormatException("The stored value is not a canonical decimal integer.");
        }

        return System.Numerics.BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }
}
