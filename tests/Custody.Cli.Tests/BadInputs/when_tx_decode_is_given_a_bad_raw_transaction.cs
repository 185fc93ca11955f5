namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody tx decode &lt;0x-raw&gt;</c>: a bad raw transaction is refused with its exact first line.</summary>
public sealed class when_tx_decode_is_given_a_bad_raw_transaction : BadInputTableTests<when_tx_decode_is_given_a_bad_raw_transaction>, IBadInputTable
{
    // EIP-155 "Example" (https://eips.ethereum.org/EIPS/eip-155), signed with key 0x4646..46.
    private const string Signed = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";

    private static readonly Table Table = new(Rows());

    static Table IBadInputTable.All => Table;

    private static IEnumerable<(string Name, BadInput Row)> Rows()
    {
        BadInput Refused(string raw, string reason) => new(["tx", "decode", raw], 1, $"error: invalid raw transaction: {reason}");

        yield return ("empty", Refused("", "The raw transaction must be 0x-prefixed hex with an even number of digits."));
        yield return ("no 0x", Refused(Signed[2..], "The raw transaction must be 0x-prefixed hex with an even number of digits."));
        yield return ("odd digits", Refused(Signed + "0", "The raw transaction must be 0x-prefixed hex with an even number of digits."));
        yield return ("not hex", Refused("0xzz", "The raw transaction must be 0x-prefixed hex with an even number of digits."));
        yield return ("only 0x", Refused("0x", "Empty raw transaction."));
        yield return ("cut short", Refused(Signed[..40], "RLP length runs past the end of the input."));
        yield return ("trailing byte", Refused(Signed + "00", "1 trailing bytes after the RLP item."));
        yield return ("unknown type byte", Refused("0x05" + Signed[2..], "Unsupported transaction type 0x05."));
        yield return ("typed envelope without payload", Refused("0x02", "Unexpected end of RLP input."));
        yield return ("an RLP string, not a list", Refused("0x83010203", "Unsupported transaction type 0x83."));
        yield return ("unsigned fields", Refused("0xc0", "legacy transaction must have 9 elements, not 0."));
        yield return ("high-s signature", Refused(Signed[..^64] + "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "Invalid signature values (r or s out of range, or high s rejected by EIP-2)."));
        yield return ("zero r", Refused(Signed.Replace("28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276", new string('0', 64)), "r has a leading zero byte (non-canonical integer)."));
        yield return ("an RLP list of the wrong length", Refused("0xc3010203", "legacy transaction must have 9 elements, not 3."));
        yield return ("spaces", Refused(" " + Signed, "The raw transaction must be 0x-prefixed hex with an even number of digits."));
        yield return ("binary text", Refused("\u0001\u0002", "The raw transaction must be 0x-prefixed hex with an even number of digits."));
    }
}
