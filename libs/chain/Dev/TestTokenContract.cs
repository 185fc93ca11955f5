using System.Globalization;
using Custody.Ethereum;

namespace Custody.Chain.Dev;

/// <summary>
/// The dev chain's test ERC-20 (Dev/Contracts/TestToken.sol: CTT, 18 decimals, 1,000,000 minted to the deployer),
/// deployed by the anvil tests and by `custody demo`. The creation bytecode is embedded from
/// Dev/Contracts/TestToken.bin.hex (comment lines start with '#'); never used by production code.
/// </summary>
public static class TestTokenContract
{
    public const string Symbol = "CTT";

    public const int Decimals = 18;

    /// <summary>The contract's creation bytecode (init code).</summary>
    public static byte[] InitCode()
    {
        using var stream = typeof(TestTokenContract).Assembly.GetManifestResourceStream("Custody.Chain.Dev.TestToken.bin.hex")
            ?? throw new InvalidOperationException("The embedded TestToken.bin.hex is missing from Custody.Chain.");
        using var reader = new StreamReader(stream);
        var hex = reader.ReadToEnd().Split('\n').Select(line => line.Trim()).Single(line => line.Length > 0 && !line.StartsWith('#'));
        return Convert.FromHexString(hex);
    }

    /// <summary>The address a contract created by <paramref name="deployer"/> at <paramref name="nonce"/> gets (CREATE:
    /// the last 20 bytes of Keccak-256 of RLP([deployer, nonce]), Ethereum Yellow Paper section 7), for nonces below 128.</summary>
    public static Address CreatedAddress(Address deployer, ulong nonce)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nonce, 127UL);
        var rlp = new byte[23];
        rlp[0] = 0xd6; // a list of 22 bytes
        rlp[1] = 0x94; // a string of 20 bytes
        deployer.Span.CopyTo(rlp.AsSpan(2));
        rlp[22] = nonce == 0 ? (byte)0x80 : (byte)nonce; // RLP of 0 is the empty string; 1..127 are single bytes
        return Address.Create(Keccak256.Hash(rlp)[12..]);
    }
}
