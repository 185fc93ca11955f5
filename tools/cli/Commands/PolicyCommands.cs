using System.CommandLine;
using Custody.Contracts.Json;
using Custody.Domain.Policies;

namespace Custody.Cli;

/// <summary><c>custody policy check|eval</c>: validate a policy file and evaluate it on a request (docs/policy.md).</summary>
internal static class PolicyCommands
{
    public static Command Create()
    {
        var policy = new Command("policy", "Policy files: validate and evaluate.");
        policy.Subcommands.Add(Check());
        policy.Subcommands.Add(Eval());
        return policy;
    }

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "The policy JSON file (at most 1 MiB)." };
        var check = new Command("check", "Validate a policy; print its id and a summary of its rules. Exit 1 with every problem if invalid, 2 if the file cannot be read.");
        check.Arguments.Add(file);
        check.SetAction(parse =>
        {
            if (ReadPolicy(parse.GetValue(file)!, out var exitCode) is not { } policy)
            {
                return exitCode;
            }

            Console.WriteLine($"policy id: {policy.Id}");
            Console.WriteLine($"name: {policy.Name ?? "(none)"}");
            Console.WriteLine($"approver groups: {string.Join("; ", policy.ApproverGroups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} = {string.Join(", ", g.Value)}"))}");
            Console.WriteLine("rules (first match wins):");
            foreach (var line in PolicySummary.Describe(policy))
            {
                Console.WriteLine($"  {line}");
            }

            return 0;
        });
        return check;
    }

    private static Command Eval()
    {
        var policyFile = new Argument<string>("policy") { Description = "The policy JSON file (at most 1 MiB)." };
        var requestFile = new Argument<string>("request") { Description = "A transaction-requested JSON file (at most 320 KiB)." };
        var historyFile = new Option<string>("--history") { Description = "Velocity history: JSON array of {requestId, walletId, asset, amount, at} (at most 8 MiB)." };
        var now = new Option<DateTimeOffset?>("--now")
        {
            Description = "Evaluation time, RFC 3339 with an explicit offset (Z or +hh:mm); defaults to the request's requestedAt.",
            CustomParser = ParseNow,
        };
        var eval = new Command("eval", "Evaluate a policy on a request; print {decision, ruleId, policyId, intentHash, requiredApprovals}.");
        eval.Arguments.Add(policyFile);
        eval.Arguments.Add(requestFile);
        eval.Options.Add(historyFile);
        eval.Options.Add(now);
        eval.SetAction(parse =>
        {
            if (ReadPolicy(parse.GetValue(policyFile)!, out var exitCode) is not { } policy ||
                KernelInput.ReadIntent(parse.GetValue(requestFile)!, out var request, out exitCode) is not { } intent)
            {
                return exitCode;
            }

            IReadOnlyList<VelocityEntry> history = [];
            if (parse.GetValue(historyFile) is { } historyPath)
            {
                if (InputFile.ReadText(historyPath, "history", InputLimits.History, out exitCode) is not { } historyJson)
                {
                    return exitCode;
                }

                try
                {
                    history = VelocityHistoryJson.Parse(historyJson);
                }
                catch (FormatException e)
                {
                    InputFile.Invalid(historyPath, "history", [e.Message], out exitCode);
                    return exitCode;
                }
            }

            var decision = PolicyEngine.Evaluate(policy, intent, new PolicyEvaluationContext(history, parse.GetValue(now) ?? request!.RequestedAt));
            KernelInput.WriteJson(w => WriteDecision(w, decision));
            return 0;
        });
        return eval;
    }

    private static Policy? ReadPolicy(string path, out int exitCode)
    {
        if (InputFile.ReadText(path, "policy", InputLimits.Policy, out exitCode) is not { } json)
        {
            return null;
        }

        if (PolicyParser.TryParse(json, out var policy, out var errors))
        {
            return policy;
        }

        InputFile.Invalid(path, "policy", errors.Select(e => e.ToString()), out exitCode);
        return null;
    }

    /// <summary>--now: RFC 3339 with an explicit offset only; a local-time reading would differ between machines.</summary>
    private static DateTimeOffset? ParseNow(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (Rfc3339.TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"--now: {Rfc3339.Requirement}");
        return null;
    }

    private static void WriteDecision(System.Text.Json.Utf8JsonWriter w, PolicyDecision decision)
    {
        w.WriteString("decision", decision.Kind.ToWire());
        if (decision.RuleId is null)
        {
            w.WriteNull("ruleId");
        }
        else
        {
            w.WriteString("ruleId", decision.RuleId);
        }

        w.WriteString("policyId", decision.PolicyId.ToString());
        w.WriteString("intentHash", decision.IntentHash.ToString());
        if (decision.Approval is not { } approval)
        {
            w.WriteNull("requiredApprovals");
            return;
        }

        w.WriteStartObject("requiredApprovals");
        w.WriteStartArray("groups");
        foreach (var group in approval.Groups)
        {
            w.WriteStartObject();
            w.WriteString("group", group.Group);
            w.WriteNumber("quorum", group.Quorum);
            w.WriteStartArray("members");
            foreach (var member in group.Members)
            {
                w.WriteStringValue(member);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("mandatory");
        foreach (var approver in approval.Mandatory)
        {
            w.WriteStringValue(approver);
        }

        w.WriteEndArray();
        w.WriteNumber("expirySeconds", (long)approval.Expiry.TotalSeconds);
        w.WriteEndObject();
    }
}
