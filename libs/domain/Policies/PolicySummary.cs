using System.Text;

namespace Custody.Domain.Policies;

/// <summary>A readable, one-line-per-rule description of a policy (for `custody policy check` and reviews).</summary>
public static class PolicySummary
{
    public static IEnumerable<string> Describe(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var number = 1;
        foreach (var rule in policy.Rules)
        {
            yield return $"{number++}. {rule.Id}: {Action(rule.Action)} when {Conditions(rule.When)}";
        }

        yield return $"{number}. (no match): BLOCK";
        foreach (var (chainId, cap) in policy.FeeCaps.OrderBy(c => c.Key))
        {
            var tip = cap.MaxPriorityFeePerGas is { } t ? $", priority fee <= {t} wei/gas" : "";
            yield return $"fee cap on chain {chainId}: fee <= {cap.MaxFeePerGas} wei/gas{tip}, total <= {cap.MaxTotalFee} wei";
        }

        yield return policy.FeeCaps.Count == 0
            ? "no fee caps: signing is refused on every chain"
            : "any other chain: signing is refused (no fee cap)";
    }

    private static string Action(RuleAction action)
    {
        if (action.Approval is not { } approval)
        {
            return action.Kind.ToWire();
        }

        var parts = approval.Groups.Select(g => $"{g.Quorum} of {g.Group} ({string.Join(", ", g.Members)})")
            .Concat(approval.Mandatory.Select(m => $"{m} (mandatory)"));
        return $"REQUIRE_APPROVAL [{string.Join(" + ", parts)}] within {approval.Expiry.TotalSeconds:0} s";
    }

    private static string Conditions(RuleCondition when)
    {
        var parts = new List<string>();
        if (when.Wallets is { } wallets)
        {
            parts.Add($"wallet in [{string.Join(", ", wallets.Order(StringComparer.Ordinal))}]");
        }

        if (when.Assets is { } assets)
        {
            parts.Add($"asset in [{string.Join(", ", assets.Select(a => a.ToString()).Order(StringComparer.Ordinal))}]");
        }

        parts.Add(when.Destination.Kind switch
        {
            DestinationKind.Whitelist => $"destination in whitelist ({when.Destination.Addresses.Count} addresses)",
            DestinationKind.AddressBook => $"destination in address book {when.Destination.AddressBook} ({when.Destination.Addresses.Count} addresses)",
            _ => "any destination",
        });
        if (when.Amount is { } amount)
        {
            parts.Add($"amount in {amount}");
        }

        if (when.Velocity is { } velocity)
        {
            parts.Add($"sum over {velocity.Window.TotalSeconds:0} s in {velocity.Range}");
        }

        if (when.Initiators is { } initiators)
        {
            parts.Add($"initiator in [{string.Join(", ", initiators.Order(StringComparer.Ordinal))}]");
        }

        parts.Add(when.ContractCallAllowed ? "contract calls allowed" : "no contract calls");
        return new StringBuilder().AppendJoin(", ", parts).ToString();
    }
}
