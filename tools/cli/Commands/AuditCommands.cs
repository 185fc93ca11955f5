using System.CommandLine;
using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;

namespace Custody.Cli;

/// <summary><c>custody audit verify</c>: walks every chain of the hash-chained audit log and reports the first broken link (docs/state.md).</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "The hash-chained audit log in Firestore.");
        audit.Subcommands.Add(Verify());
        return audit;
    }

    private static Command Verify()
    {
        var project = GoogleCliOptions.Project();
        var database = GoogleCliOptions.Database();
        var emulator = GoogleCliOptions.FirestoreEmulator();
        var pageSize = BoundedOptions.Integer("--page-size", "Entries read per query page,", 500, 1, 10_000);
        var allowEmpty = new Option<bool>("--allow-empty") { Description = "An audit log with no entries is expected (exit 0 instead of 4)." };
        var timeout = BoundedOptions.Integer("--timeout", "Seconds to wait for Firestore,", 60, 1, 3600);
        var chains = BoundedOptions.Integer("--chains", "Independent hash chains the services were configured with (their Audit:Chains),", AuditLayout.DefaultChains, 1, AuditLayout.MaxChains);
        var command = new Command(
            "verify",
            "Recompute every hash of each of the audit log's chains in sequence order. Exit 0 intact, 1 invalid arguments, 2 at the first broken link or a layout (chain count) other than --chains, "
            + "3 Firestore unreachable or refusing, 4 no audit entries (unless --allow-empty).");
        foreach (var option in new Option[] { project, database, emulator, pageSize, allowEmpty, timeout, chains })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var (what, where) = parse.GetValue(emulator) is { } host ? ("Firestore emulator", host) : ("Firestore", "firestore.googleapis.com");
            GoogleChannelFactory channels;
            try
            {
                channels = GoogleCliOptions.Channels(parse.GetValue(project)!, parse.GetValue(database)!, parse.GetValue(emulator));
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Invalid;
            }

            using (channels)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(timeout)));
                AuditVerification result;
                try
                {
                    result = await new AuditLog(new FirestoreDatabase(channels), chains: parse.GetValue(chains)).VerifyAsync(parse.GetValue(pageSize), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return ServerFailure.Report(what, where, new TimeoutException());
                }
                catch (Exception ex) when (ServerFailure.IsServerFailure(ex))
                {
                    return ServerFailure.Report(what, where, ex);
                }

                if (result is { IsIntact: true, EntriesChecked: 0 } && !parse.GetValue(allowEmpty))
                {
                    await Console.Error.WriteLineAsync(
                        $"error: the audit log of project {parse.GetValue(project)}, database {parse.GetValue(database)} at {where} has no entries (pass --allow-empty if an empty chain is expected)").ConfigureAwait(false);
                    return ExitCodes.EmptyAuditLog;
                }

                await Console.Out.WriteLineAsync(result.ToString()).ConfigureAwait(false);
                return result.IsIntact ? ExitCodes.Ok : ExitCodes.Unreadable;
            }
        });
        return command;
    }
}
