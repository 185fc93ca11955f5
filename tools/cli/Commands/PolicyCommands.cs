using System.CommandLine;
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
        var file = new Argument<FileInfo>("file") { Description = "The policy JSON file." };
        var check = new Command("check", "Validate a policy; print its id and a summary of its rules. Exit 1 with every problem if invalid.");
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
        var policyFile = new Argument<FileInfo>("policy") { Description = "The policy JSON file." };
        var requestFile = new Argument<FileInfo>("request") { Description = "A transaction-requested JSON file." };
        var historyFile = new Option<FileInfo>("--history") { Description = "Velocity history: JSON array of {requestId, walletId, asset, amount, at}." };
        var now = new Option<DateTimeOffset?>("--now") { Description = "Evaluation time (RFC 3339); defaults to the request's requestedAt." };
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
                if (KernelInput.ReadText(historyPath, out exitCode) is not { } historyJson)
                {
                    return exitCode;
                }

                try
                {
                    history = VelocityHistoryJson.Parse(historyJson);
                }
                catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
                {
                    Console.Error.WriteLine($"invalid history {historyPath.Name}: {e.Message}");
                    return KernelInput.Invalid;
                }
            }

            var decision = PolicyEngine.Evaluate(policy, intent, new PolicyEvaluationContext(history, parse.GetValue(now) ?? request!.RequestedAt));
            KernelInput.WriteJson(w => WriteDecision(w, decision));
            return 0;
        });
        return eval;
    }

    private static Policy? ReadPolicy(FileInfo file, out int exitCode)
    {
        if (KernelInput.ReadText(file, out exitCode) is not { } json)
        {
            return null;
        }

        if (PolicyParser.TryParse(json, out var policy, out var errors))
        {
            return policy;
        }

        Console.Error.WriteLine(PolicyErrorReport.Format(file.Name, errors));
        exitCode = KernelInput.Invalid;
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
