using System.Text.Json;
using Custody.AppHost;
using Custody.Contracts;
using Custody.Cli.Demo.Stack;
using Custody.Contracts.Admin;
using Custody.Contracts.Api;
using Custody.Ethereum;

namespace Custody.Cli.Demo;

/// <summary>The closing report: every request's outcome, transaction, confirmations and trace; where the dashboard is;
/// with --keep-running, how to drive the stack by hand.</summary>
internal static class DemoSummary
{
    public static void Print(Narration narration, IReadOnlyList<(string Label, TransactionStatus Status, string TraceId)> outcomes, StackAccess stack, string? dashboardLogin)
    {
        narration.Summary();
        Console.Out.WriteLine();
        Console.Out.WriteLine("Requests");
        foreach (var (label, s, trace) in outcomes)
        {
            Console.Out.WriteLine($"    {label}: {s.State} ({s.Decision}, rule {s.RuleId})");
            Console.Out.WriteLine($"        request {s.RequestId}, trace {trace}: {stack.Dashboard}traces/detail/{trace}");
            if (s.TransactionHash is not null)
            {
                Console.Out.WriteLine($"        tx {s.TransactionHash}, nonce {s.Nonce}, block {s.Receipt?.BlockNumber}, {s.Receipt?.Confirmations} confirmation(s)");
            }
        }

        Console.Out.WriteLine();
        Console.Out.WriteLine($"Dashboard (traces, metrics, every service's logs): {dashboardLogin ?? stack.Dashboard.ToString()}");
    }

    /// <summary>Prints how to use the stack by hand, and writes a request to try (3 ETH to Secundus: two approvals needed).</summary>
    public static void KeepRunning(StackAccess stack, KeygenResponse wallet, Address token)
    {
        var example = Path.Combine(Path.GetDirectoryName(stack.Settings.TokenFile)!, "example-request.json");
        var request = DemoRequests.Ether(DemoRequests.NewRequestId("mine"), Address.Parse(wallet.Address), StackSettings.AnvilChainId, DemoRequests.Secundus, 3 * DemoChain.WeiPerEther);
        File.WriteAllText(example, JsonSerializer.Serialize(request, ContractsJsonContext.Default.TransactionRequested));
        Console.Out.WriteLine();
        Console.Out.WriteLine("--keep-running: the stack stays up until Ctrl+C. In another shell (README \"Explore the running stack\"):");
        Console.Out.WriteLine($"    tokens={stack.Settings.TokenFile}   # one \"role subject token\" line each, mode 0600");
        Console.Out.WriteLine($"    export CUSTODY_INTAKE_URL={stack.Intake} CUSTODY_POLICY_URL={stack.Policy} CUSTODY_SIGNER_URL={stack.Signer}");
        Console.Out.WriteLine("    export CUSTODY_TOKEN=$(awk '$2 == \"payments-app\" {print $3}' $tokens)");
        Console.Out.WriteLine($"    custody requests submit {example}   # {request.RequestId}: 3 ETH to Secundus (wallet {wallet.WalletId} {wallet.Address}, chain {StackSettings.AnvilChainId}; token {token})");
        Console.Out.WriteLine($"    custody requests show {request.RequestId}");
        Console.Out.WriteLine("    CUSTODY_TOKEN=$(awk '$2 == \"alice\" {print $3}' $tokens) \\");
        Console.Out.WriteLine($"      custody approve {request.RequestId} --key {stack.ApproverKey("alice").FullName}   # then bob, with his token and key");
        Console.Out.WriteLine($"    custody audit verify --project {StackSettings.ProjectId} --emulator-host {stack.FirestoreHost}");
    }
}
