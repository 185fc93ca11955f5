using System.CommandLine;

namespace Custody.Cli;

/// <summary>The top-level command groups of the <c>custody</c> tool; one line per area.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.MpcCommands.Create();
        yield break;
    }
}
