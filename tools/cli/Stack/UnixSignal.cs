using System.Diagnostics;
using System.Globalization;

namespace Custody.Cli;

/// <summary>
/// Signals by kill(1), which .NET's Process cannot send (it only kills): SIGTERM lets a process stop as its operator
/// stops it, and a negative pid reaches a whole process group. Linux and macOS only.
/// </summary>
internal static class UnixSignal
{
    /// <summary>Sends <paramref name="signal"/> (e.g. <c>-TERM</c>) to process <paramref name="pid"/>; false when kill(1) refused (e.g. the process has gone).</summary>
    public static bool ToProcess(string signal, int pid) => Send(signal, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="group"/>; false when kill(1) refused (e.g. the group has gone).</summary>
    public static bool ToGroup(string signal, int group) => Send(signal, "-" + group.ToString(CultureInfo.InvariantCulture));

    private static bool Send(string signal, string target)
    {
        // kill(1)'s "No such process" for a target that has already gone is expected by every caller: not shown.
        var info = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { signal, "--", target })
        {
            info.ArgumentList.Add(argument);
        }

        using var kill = Process.Start(info) ?? throw new InvalidOperationException("kill(1) did not start.");
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }
}
