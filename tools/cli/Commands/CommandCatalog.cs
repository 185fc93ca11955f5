using System.CommandLine;

namespace Custody.Cli;

/// <summary>The top-level command groups of the <c>custody</c> tool; one line per area.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return TxCommands.Create();
        yield return ApproversCommands.Create();
        yield return PolicyCommands.Create();
        foreach (var vote in Approvals.ApproveCommands.Create())
        {
            yield return vote;
        }

        yield return IntentCommands.Create();
        yield return BenchCommands.Create();
        yield return AuditCommands.Create();
        yield return Commands.Services.RequestsCommands.Create();
        yield return Commands.Services.WalletsCommands.Create();
        yield return Commands.Services.KeygenCommand.Create();
        yield return Commands.Services.DevCommands.Create();
        yield return Commands.MpcCommands.Create();
        yield return PartiesCommands.Create();
        yield return Demo.DemoCommand.Create();
    }
}
