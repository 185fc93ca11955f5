using System.CommandLine;
using Custody.Cli;

// The `custody` command. Each area registers its commands in its own file under Commands/.
var root = new RootCommand(
    "Custody: institutional custody with threshold ECDSA. Operator, approver and developer tool. "
    + "Exit codes: 0 ok, 1 invalid input, 2 a file cannot be read or written (audit verify: broken chain), "
    + "3 a server unreachable or refusing, 4 audit verify found no entries, 70 internal error.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Usage errors: one line each on stderr (the first is the one that matters), nothing on stdout; --help shows usage.
    foreach (var error in parsed.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message.StartsWith("--", StringComparison.Ordinal) ? $"error: {error.Message}" : $"error: {error.Message.TrimEnd('.')}");
    }

    return ExitCodes.Invalid;
}

try
{
    // Commands report their own failures in one line; anything else is still one line, never a stack trace.
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("error: interrupted");
    return 130;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"error: internal error: {e.Message.Split('\n')[0]}");
    return ExitCodes.Internal;
}
