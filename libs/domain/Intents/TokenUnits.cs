using System.Globalization;
using System.Numerics;

namespace Custody.Domain.Intents;

/// <summary>Amounts in token units for display (the trusted display of the policy service and of `custody approve`).</summary>
public static class TokenUnits
{
    /// <summary>Base units as token units, exact: 1500000000000000000 with 18 decimals is "1.5".</summary>
    public static string Format(BigInteger baseUnits, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var digits = baseUnits.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        if (decimals == 0)
        {
            return digits;
        }

        var whole = digits[..^decimals];
        var fraction = digits[^decimals..].TrimEnd('0');
        return fraction.Length == 0 ? whole : $"{whole}.{fraction}";
    }
}
