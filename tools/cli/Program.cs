using System.CommandLine;
using Custody.Cli;

// The `custody` command. Each area registers its commands in its own file under Commands/.
var root = new RootCommand("Custody: institutional custody with threshold ECDSA. Operator, approver and developer tool.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
