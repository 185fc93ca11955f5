using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace Custody.AppHost;

/// <summary>
/// The last console lines of every resource, followed from the start (DCP streams a resource's output only to
/// subscribers, so a failed resource's reason must be collected while it runs): what <see cref="StackReadiness"/>
/// repeats on the AppHost's console when a resource fails, with bearer tokens (JWTs: the dev issuer prints them) masked.
/// </summary>
internal sealed partial class ResourceOutputTail(ResourceLoggerService logs)
{
    private const int KeptLines = 12;
    private static readonly TimeSpan EndOfOutputWait = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ConcurrentQueue<string> Lines, Task Watch)> _resources = new(StringComparer.Ordinal);

    /// <summary>Starts following <paramref name="resource"/>'s output until <paramref name="ct"/> is cancelled.</summary>
    public void Follow(string resource, CancellationToken ct) =>
        _resources.GetOrAdd(resource, name =>
        {
            var lines = new ConcurrentQueue<string>();
            return (lines, Task.Run(() => WatchAsync(name, lines, ct), ct));
        });

    /// <summary>The resource's last lines, as one line ("a | b | c"), after its output has ended (at most 5 s).</summary>
    public async Task<string> LastLinesAsync(string resource)
    {
        if (!_resources.TryGetValue(resource, out var followed))
        {
            return " (its output was not followed)";
        }

        // The exit is reported before DCP has necessarily forwarded the last lines: wait for the stream to end, briefly.
        await Task.WhenAny(followed.Watch, Task.Delay(EndOfOutputWait)).ConfigureAwait(false);
        var lines = followed.Lines.ToArray();
        return lines.Length == 0 ? " (no output)" : " " + string.Join(" | ", lines.Select(l => Jwt().Replace(l, "<token>").Trim()));
    }

    private async Task WatchAsync(string resource, ConcurrentQueue<string> lines, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resource).WithCancellation(ct).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                    while (lines.Count > KeptLines && lines.TryDequeue(out _))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")]
    private static partial System.Text.RegularExpressions.Regex Jwt();
}
