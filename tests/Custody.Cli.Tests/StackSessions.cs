using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Custody.Cli.Tests;

/// <summary>
/// The Unix sessions the demo says its stack runs in ("stack sessions: 1, 2, 3": the AppHost's and DCP's), and which
/// processes are still in them, asked of ps(1) (not of the demo's own /proc reading, so the check is independent).
/// </summary>
internal static partial class StackSessions
{
    /// <summary>The xunit collection of the tests that start a whole stack: one at a time on this machine.</summary>
    public const string Collection = "local stack";

    public static IReadOnlyList<int> In(string narration)
    {
        var line = SessionsLine().Match(narration);
        return line.Success
            ? line.Groups[1].Value.Split(", ").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList()
            : [];
    }

    /// <summary>"pid (command)" of every live process in <paramref name="sessions"/>.</summary>
    public static async Task<IReadOnlyList<string>> AliveAsync(IReadOnlyList<int> sessions)
    {
        var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-e", "-o", "sid=,pid=,stat=,comm=" })
        {
            info.ArgumentList.Add(argument);
        }

        using var ps = Process.Start(info) ?? throw new InvalidOperationException("ps did not start.");
        var output = await ps.StandardOutput.ReadToEndAsync();
        await ps.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 4 && !f[2].StartsWith('Z') && sessions.Contains(int.Parse(f[0], CultureInfo.InvariantCulture)))
            .Select(f => $"{f[1]} ({f[3]})")
            .ToList();
    }

    [GeneratedRegex(@"(?:stack sessions:|in its sessions) ([0-9]+(?:, [0-9]+)*)")]
    private static partial Regex SessionsLine();
}

[CollectionDefinition(StackSessions.Collection, DisableParallelization = true)]
public sealed class LocalStackCollection;
