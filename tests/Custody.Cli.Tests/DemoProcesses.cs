using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Custody.Cli.Tests;

/// <summary>The processes the demo narrates as started ("(pid N"), and whether one still runs.</summary>
internal static partial class DemoProcesses
{
    public static IEnumerable<int> StartedIn(string narration) =>
        StartedPid().Matches(narration).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\(pid (\d+)")]
    private static partial Regex StartedPid();
}
