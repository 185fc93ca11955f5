using System.Numerics;
using Custody.Ethereum;

namespace Custody.Domain.Signing;

/// <summary>
/// The least fee a node takes in a replacement of a pooled transaction (same sender and nonce): each of max fee and
/// tip raised by its price bump, 10 % in geth's txpool and in anvil (docs/broadcaster.md "Fee replacement").
/// </summary>
public static class ReplacementFees
{
    /// <summary>value x (1 + percent / 100), rounded up (percent to two decimals).</summary>
    public static UInt256 Minimum(UInt256 value, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        var basisPoints = new BigInteger(Math.Ceiling(percent * 100));
        return UInt256.Create(((value.ToBigInteger() * (10_000 + basisPoints)) + 9_999) / 10_000);
    }
}
