using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.AppHost;

/// <summary>
/// Says on the console what the dashboard shows (docs/running.md "Is it up?"): each resource's state and health as
/// they change, a resource that exits with a failure at once (with its last lines and where its output is), and "stack ready" with the
/// time it took once every resource that has a health check is running and healthy.
/// </summary>
internal sealed partial class StackReadiness(ResourceNotificationService notifications, ResourceLoggerService resourceLogs, DistributedApplicationModel model, ILogger<StackReadiness> logger)
    : BackgroundService
{
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    private readonly ResourceOutputTail _output = new(resourceLogs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var awaited = model.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var healthy = new HashSet<string>(StringComparer.Ordinal);
        var ready = false;
        foreach (var resource in model.Resources)
        {
            _output.Follow(resource.Name, stoppingToken);
        }

        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                var name = change.Resource.Name;
                var snapshot = change.Snapshot;
                var state = snapshot.State?.Text ?? "";
                var summary = $"{state} {snapshot.HealthStatus}".Trim();
                if (summary.Length == 0 || (seen.TryGetValue(name, out var before) && before == summary))
                {
                    continue;
                }

                seen[name] = summary;
                LogState(name, summary);
                if (snapshot.ExitCode is int code and not 0 || state == KnownResourceStates.FailedToStart)
                {
                    LogFailed(name, snapshot.ExitCode, await _output.LastLinesAsync(name).ConfigureAwait(false));
                }

                if (state == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy)
                {
                    healthy.Add(name);
                }
                else
                {
                    healthy.Remove(name);
                }

                if (!ready && awaited.IsSubsetOf(healthy))
                {
                    ready = true;
                    LogReady(awaited.Count, _sinceStart.Elapsed.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl-C: the stack is stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource}: {State}")]
    private partial void LogState(string resource, string state);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} failed (exit code {ExitCode}); its output is on the dashboard's console logs and in DCP's session folder (aspire-dcp* in the temporary directory: *_out, *_err); its last lines:{LastLines}")]
    private partial void LogFailed(string resource, int? exitCode, string lastLines);

    [LoggerMessage(Level = LogLevel.Information, Message = "stack ready: all {Count} resources with a health check are running and healthy, {Seconds:F0} s after the AppHost started")]
    private partial void LogReady(int count, double seconds);
}
