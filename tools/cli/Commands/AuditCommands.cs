using System.CommandLine;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;

namespace Custody.Cli;

/// <summary><c>custody audit verify</c>: walks the hash-chained audit log and reports the first broken link (docs/state.md).</summary>
internal static class AuditCommands
{
    public const int Broken = 2;

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
        var pageSize = new Option<int>("--page-size") { Description = "Entries read per query page.", DefaultValueFactory = _ => 500 };
        var command = new Command("verify", "Recompute every hash of the audit chain in sequence order; exit 2 at the first broken link.");
        command.Options.Add(project);
        command.Options.Add(database);
        command.Options.Add(emulator);
        command.Options.Add(pageSize);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                if (parse.GetValue(pageSize) is < 1 or > 10_000)
                {
                    throw new ArgumentException("--page-size must be between 1 and 10000.");
                }

                using var channels = GoogleCliOptions.Channels(parse.GetValue(project)!, parse.GetValue(database)!, parse.GetValue(emulator));
                var log = new AuditLog(new FirestoreDatabase(channels));
                var result = await log.VerifyAsync(parse.GetValue(pageSize), ct).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(result.ToString()).ConfigureAwait(false);
                return result.IsIntact ? 0 : Broken;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Grpc.Core.RpcException ex)
            {
                await Console.Error.WriteLineAsync($"error: Firestore call failed: {ex.StatusCode} {ex.Status.Detail}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
