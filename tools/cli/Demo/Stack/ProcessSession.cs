using System.Globalization;

namespace Custody.Cli.Demo.Stack;

/// <summary>
/// The Unix sessions of the local stack, read from /proc (proc(5): /proc/[pid]/stat gives the parent pid and the
/// session id; /proc/[pid]/cmdline the arguments). The AppHost is started with setsid(1), so its pid is its session
/// and process group id; DCP, which it starts, puts itself and the resources into sessions of their own (its API
/// server even detaches to init, naming the AppHost with <c>--monitor PID</c>). The stack is therefore the AppHost's
/// session plus every session led by a child of the stack or by a process monitoring the AppHost. Linux only.
/// </summary>
internal static class ProcessSession
{
    private sealed record Entry(int Pid, int ParentPid, int Session, string Name, string CommandLine);

    /// <summary>SIGTERM to a whole process group (kill(1) with a negative pid).</summary>
    public static void Terminate(int group) => UnixSignal.ToGroup("-TERM", group);

    /// <summary>SIGKILL to a whole process group: the last resort when the stack did not stop.</summary>
    public static void KillGroup(int group) => UnixSignal.ToGroup("-KILL", group);

    /// <summary>The sessions of the stack started as session <paramref name="appHost"/>, found transitively.</summary>
    public static IReadOnlySet<int> StackSessions(int appHost)
    {
        var processes = Snapshot();
        var sessions = new HashSet<int> { appHost };
        var monitor = "--monitor\0" + appHost.ToString(CultureInfo.InvariantCulture) + "\0";
        bool grew;
        do
        {
            var inStack = processes.Where(p => sessions.Contains(p.Session)).Select(p => p.Pid).ToHashSet();
            var added = processes.Where(p => !sessions.Contains(p.Session) && (inStack.Contains(p.ParentPid) || p.CommandLine.Contains(monitor, StringComparison.Ordinal)))
                .Select(p => p.Session).ToList();
            grew = added.Count > 0;
            sessions.UnionWith(added);
        }
        while (grew);
        return sessions;
    }

    /// <summary>The live processes in <paramref name="sessions"/>, as "pid (name)".</summary>
    public static IReadOnlyList<string> Members(IReadOnlySet<int> sessions) =>
        Snapshot().Where(p => sessions.Contains(p.Session)).Select(p => $"{p.Pid} ({p.Name})").ToList();

    private static List<Entry> Snapshot()
    {
        var entries = new List<Entry>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so split after the last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                if (fields[0] != "Z")
                {
                    entries.Add(new Entry(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture),
                        stat[(stat.IndexOf('(') + 1)..close], File.ReadAllText(Path.Combine(folder, "cmdline")) + "\0"));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we looked.
            }
        }

        return entries;
    }
}
