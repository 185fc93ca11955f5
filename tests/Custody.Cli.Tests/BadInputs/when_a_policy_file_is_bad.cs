using Custody.Contracts.Json;

namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody policy check &lt;policy&gt;</c>: every bad policy is refused with its exact first line.</summary>
public sealed class when_policy_check_is_given_a_bad_policy : BadInputTableTests<when_policy_check_is_given_a_bad_policy>, IBadInputTable
{
    private static readonly Table Table = new([
        .. FileRows.For(["policy", "check", "{file}"], "policy", InputLimits.Policy),
        .. PolicyRows(["policy", "check", FileRows.File]),
    ]);

    static Table IBadInputTable.All => Table;

    /// <summary>Policies that are JSON but not valid (shared with policy eval).</summary>
    internal static IEnumerable<(string Name, BadInput Row)> PolicyRows(string[] args)
    {
        BadInput Refused(string json, string problem) => new BadInput(args, 1, $"error: invalid policy {FileRows.File}: {problem}").With("input.json", json);

        yield return ("version as a string", Refused(Inputs.Policy.Replace("\"version\": 1", "\"version\": \"1\""), "$.version: must be 1, the only policy format version this code understands"));
        yield return ("rules as an object", Refused("{\"version\": 1, \"rules\": {\"id\": \"x\"}}", "$.rules: must be an array"));
        yield return ("an amount as a number", Refused(Inputs.Policy.Replace("\"2000000000000000000\"", "2000000000000000000"), "$.rules[0].when.amount.max: must be a decimal string of base units in [0, 2^256-1], without sign or leading zeros"));
        yield return ("a fraction", Refused(Inputs.Policy.Replace("\"version\": 1", "\"version\": 1.0"), "$.version: numbers must be integers in the signed 64-bit range, without fraction or exponent"));
        yield return ("an array for the policy", Refused("[" + Inputs.Policy + "]", "$: must be an object"));
    }
}
