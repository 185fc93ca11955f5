using Custody.Contracts.Json;

namespace Custody.Cli.Tests.BadInputs;

/// <summary>
/// <c>custody policy eval &lt;policy&gt; &lt;request&gt; [--history h] [--now t]</c>: a bad policy, request, history or
/// evaluation time is refused with its exact first line; a timestamp without an offset is never read in local time.
/// </summary>
public sealed class when_policy_eval_is_given_bad_input : BadInputTableTests<when_policy_eval_is_given_bad_input>, IBadInputTable
{
    private const string PolicyFile = "{dir}/policy.json";
    private const string RequestFile = "{dir}/request.json";
    private const string HistoryFile = FileRows.File;

    private static readonly Table Table = new([
        .. FileRows.For(["policy", "eval", PolicyFile, RequestFile, "--history", "{file}"], "history", InputLimits.History, "$: must be an array (a velocity history)")
            .Select(r => (r.Name, WithValidPolicyAndRequest(r.Row))),
        .. HistoryRows(),
        .. NowRows(),
        .. when_intent_hash_is_given_a_bad_request.RequestRows(["policy", "eval", PolicyFile, FileRows.File]).Select(r => ("request: " + r.Name, r.Row.With("policy.json", Inputs.Policy))),
        .. when_policy_check_is_given_a_bad_policy.PolicyRows(["policy", "eval", FileRows.File, RequestFile]).Select(r => ("policy: " + r.Name, r.Row.With("request.json", Inputs.Request))),
    ]);

    static Table IBadInputTable.All => Table;

    private static BadInput WithValidPolicyAndRequest(BadInput row) => row.With("policy.json", Inputs.Policy).With("request.json", Inputs.Request);

    private static IEnumerable<(string Name, BadInput Row)> HistoryRows()
    {
        BadInput Refused(string json, string problem) =>
            WithValidPolicyAndRequest(new BadInput(["policy", "eval", PolicyFile, RequestFile, "--history", HistoryFile], 1, $"error: invalid history {HistoryFile}: {problem}").With("input.json", json));

        yield return ("history: at without offset", Refused(Inputs.History.Replace("10:00:00Z", "10:00:00"), $"$[0].at: {Rfc3339.Requirement}"));
        yield return ("history: at with a space", Refused(Inputs.History.Replace("T10:00:00Z", " 10:00:00Z"), $"$[0].at: {Rfc3339.Requirement}"));
        yield return ("history: amount as a number", Refused(Inputs.History.Replace("\"amount\": \"1\"", "\"amount\": 1"), "$[0].amount: must be a string"));
        yield return ("history: an object", Refused("{}", "$: must be an array (a velocity history)"));
        yield return ("history: an unknown member", Refused(Inputs.History.Replace("\"asset\"", "\"memo\": \"x\", \"asset\""), "$[0]: has an unknown member; allowed: requestId, walletId, asset, amount, at"));
        yield return ("history: a missing member", Refused(Inputs.History.Replace(", \"at\": \"2026-11-23T10:00:00Z\"", ""), "$[0].at: is required"));
    }

    private static IEnumerable<(string Name, BadInput Row)> NowRows()
    {
        foreach (var (name, now) in new[] { ("--now without offset", "2026-11-23T18:00:00"), ("--now as a date", "2026-11-23"), ("--now in words", "tomorrow"), ("--now empty", "") })
        {
            yield return (name, WithValidPolicyAndRequest(new BadInput(["policy", "eval", PolicyFile, RequestFile, "--now", now], 1, $"error: --now: {Rfc3339.Requirement}")));
        }
    }
}
