using System.CommandLine;
using Custody.Domain.Intents;
using Custody.Gcp.Firestore;
using Custody.State;

namespace Custody.Cli.Commands.Services;

/// <summary><c>custody wallets register</c>: writes <c>wallets/{walletId}</c> (address and chain ids) that intake checks requests against.</summary>
internal static class WalletsCommands
{
    public static Command Create()
    {
        var wallets = new Command("wallets", "Registered wallets in Firestore (wallets/{walletId}).");
        wallets.Subcommands.Add(Register());
        return wallets;
    }

    private static Command Register()
    {
        var id = new Option<string>("--id") { Description = "Wallet id.", Required = true };
        var address = new Option<string>("--address") { Description = "The wallet's EIP-55 address.", Required = true };
        var chains = new Option<ulong[]>("--chain-id") { Description = "A chain id the wallet may send on (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var project = GoogleCliOptions.Project();
        var database = GoogleCliOptions.Database();
        var emulator = GoogleCliOptions.FirestoreEmulator();
        var command = new Command("register", "Create or replace a wallet's address and chain ids.");
        foreach (var option in new Option[] { id, address, chains, project, database, emulator })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => ServiceClient.RunAsync(async () =>
        {
            var walletId = parse.GetValue(id)!;
            if (!Contracts.WireFormat.IsId(walletId) || !TransactionStore.IsStorableId(walletId))
            {
                throw new ArgumentException("--id must be 1-128 characters of A-Z a-z 0-9 . _ : - (not __name__).");
            }

            if (!ChecksumAddress.TryParse(parse.GetValue(address), out _))
            {
                throw new ArgumentException($"--address: {ChecksumAddress.Explain(parse.GetValue(address))}");
            }

            var chainIds = parse.GetValue(chains) ?? [];
            if (chainIds.Length == 0 || chainIds.Contains(0UL))
            {
                throw new ArgumentException("--chain-id must be given at least once, each at least 1.");
            }

            try
            {
                using var channels = GoogleCliOptions.Channels(parse.GetValue(project)!, parse.GetValue(database)!, parse.GetValue(emulator));
                await new WalletRegistry(new FirestoreDatabase(channels)).RegisterAsync(new WalletRecord(walletId, parse.GetValue(address)!, [.. chainIds.Distinct()]), ct).ConfigureAwait(false);
            }
            catch (Grpc.Core.RpcException ex)
            {
                throw new ArgumentException($"Firestore call failed: {ex.StatusCode} {ex.Status.Detail}", ex);
            }

            await Console.Out.WriteLineAsync($"wallet {walletId} registered: {parse.GetValue(address)} on chain ids {string.Join(", ", chainIds.Distinct())}").ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
