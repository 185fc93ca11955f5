namespace Custody.Cli;

/// <summary>The exit codes of every <c>custody</c> command (README "The custody command").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Invalid input: a file's content or a command-line argument (also System.CommandLine's own parse errors).</summary>
    public const int Invalid = 1;

    /// <summary>A file or directory could not be read or written; for <c>audit verify</c>, a broken chain.</summary>
    public const int Unreadable = 2;

    /// <summary>A server (emulator, node, Google API) could not be reached or refused the call.</summary>
    public const int Unreachable = 3;

    /// <summary><c>audit verify</c> found no audit entries and was not told that an empty chain is expected.</summary>
    public const int EmptyAuditLog = 4;

    /// <summary>A failure the command did not foresee (a bug): one line on stderr, no stack trace.</summary>
    public const int Internal = 70;
}
