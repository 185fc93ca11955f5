using Custody.Contracts.Json;

namespace Custody.Cli.Tests.BadInputs;

/// <summary><c>custody intent hash &lt;request&gt;</c>: every bad request is refused with its exact first line.</summary>
public sealed class when_intent_hash_is_given_a_bad_request : BadInputTableTests<when_intent_hash_is_given_a_bad_request>, IBadInputTable
{
    private static readonly Table Table = new([
        .. FileRows.For(["intent", "hash", "{file}"], "request", InputLimits.Request),
        .. RequestRows(["intent", "hash", FileRows.File]),
    ]);

    static Table IBadInputTable.All => Table;

    /// <summary>Requests that are JSON but not a valid transaction-requested (shared with policy eval).</summary>
    internal static IEnumerable<(string Name, BadInput Row)> RequestRows(string[] args)
    {
        BadInput Refused(string json, string problem) => new BadInput(args, 1, $"error: invalid request {FileRows.File}: {problem}").With("input.json", json);

        yield return ("requestedAt without offset", Refused(Inputs.Request.Replace("18:00:00Z", "18:00:00"), $"$.requestedAt: {Rfc3339.Requirement}"));
        yield return ("requestedAt without time", Refused(Inputs.Request.Replace("2026-11-23T18:00:00Z", "2026-11-23"), $"$.requestedAt: {Rfc3339.Requirement}"));
        yield return ("requestedAt as a number", Refused(Inputs.Request.Replace("\"2026-11-23T18:00:00Z\"", "1795456800"), $"$.requestedAt: {Rfc3339.Requirement}"));
        yield return ("chainId as a string", Refused(Inputs.Request.Replace("\"chainId\": 1", "\"chainId\": \"1\""), "$.chainId: must be an integer in [0, 18446744073709551615]"));
        yield return ("chainId negative", Refused(Inputs.Request.Replace("\"chainId\": 1", "\"chainId\": -1"), "$.chainId: must be an integer in [0, 18446744073709551615]"));
        yield return ("value as a number", Refused(Inputs.Request.Replace("\"1500000000000000000\"", "1500000000000000000"), "$.value: must be a string"));
        yield return ("requestId as an array", Refused(Inputs.Request.Replace("\"payout-1\"", "[\"payout-1\"]"), "$.requestId: must be a string"));
        yield return ("an array for the request", Refused("[" + Inputs.Request + "]", "$: must be an object"));
        yield return ("an unknown member", Refused(Inputs.Request.Replace("\"data\": \"0x\"", "\"data\": \"0x\", \"memo\": \"x\""), "$.memo: unknown member"));
        yield return ("a repeated member", Refused(Inputs.Request.Replace("\"data\": \"0x\"", "\"data\": \"0x\", \"data\": \"0x00\""), "$: not valid JSON: repeats a member name"));
        yield return ("a missing member", Refused(Inputs.Request.Replace("\"initiator\": \"payments-service\", ", ""), "$.initiator: is required"));
        yield return ("null for a string", Refused(Inputs.Request.Replace("\"payments-service\"", "null"), "$.initiator: must not be null"));
        yield return ("a bad amount", Refused(Inputs.Request.Replace("\"1500000000000000000\"", "\"1.5\""), "$.value: must be a decimal integer in [0, 2^256-1] without sign or leading zeros"));
    }
}
