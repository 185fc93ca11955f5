using System.CommandLine;
using Custody.Domain.Intents;

namespace Custody.Cli;

/// <summary><c>custody intent hash &lt;request.json&gt;</c>: the decoded intent and its canonical hash (docs/policy.md).</summary>
internal static class IntentCommands
{
    public static Command Create()
    {
        var request = new Argument<string>("request") { Description = "A transaction-requested JSON file (docs/schemas/transaction-request.schema.json, at most 320 KiB)." };
        var hash = new Command("hash", "Print the decoded intent of a request and its intent hash. Approvers sign the approval digest, which binds this intent hash to the request id, policy id, decision and expiry (docs/approvals.md).");
        hash.Arguments.Add(request);
        hash.SetAction(parse =>
        {
            if (KernelInput.ReadIntent(parse.GetValue(request)!, out _, out var exitCode) is not { } intent)
            {
                return exitCode;
            }

            KernelInput.WriteJson(w => WriteIntent(w, intent));
            return 0;
        });

        var intent = new Command("intent", "Transaction intents: decode and hash requests.");
        intent.Subcommands.Add(hash);
        return intent;
    }

    public static void WriteIntent(System.Text.Json.Utf8JsonWriter w, TransactionIntent intent)
    {
        w.WriteString("intentHash", intent.Hash.ToString());
        w.WriteString("requestId", intent.RequestId);
        w.WriteNumber("chainId", intent.ChainId);
        w.WriteString("walletId", intent.WalletId);
        w.WriteString("from", intent.WalletAddress.ToChecksumString());
        w.WriteString("to", intent.To.ToChecksumString());
        w.WriteString("value", intent.Value.ToString());
        w.WriteString("callKind", intent.Kind.ToString());
        w.WriteString("asset", intent.Asset.ToString());
        w.WriteString("destination", intent.Destination.ToChecksumString());
        w.WriteString("amount", intent.Amount.ToString());
        w.WriteString("initiator", intent.Initiator);
    }
}
