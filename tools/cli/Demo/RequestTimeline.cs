using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Custody.Contracts.Api;
using Custody.Contracts.Approvals;
using Custody.Domain.Lifecycle;

namespace Custody.Cli.Demo;

/// <summary>
/// A request's live timeline (docs/demo.md): polls intake's <c>GET /v1/transactions/{id}</c> as the upstream app that
/// submitted it and prints every state it sees, with the time the service recorded it. A wait ends when the wanted
/// state is reached, at once with the reason when the request ends elsewhere (rejected, blocked, failed, ...) or a
/// message is dead-lettered, and only as a last resort at a generous deadline.
/// </summary>
internal sealed class RequestTimeline(HttpClient intake, DeadLetterWatch deadLetters)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, (string State, DateTimeOffset Start)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _traces = new(StringComparer.Ordinal);

    /// <summary>Marks the start of <paramref name="requestId"/>'s timeline and prints its first state.</summary>
    public void Started(TransactionStatus status)
    {
        _seen[status.RequestId] = (status.State, status.CreatedAt);
        Print(status);
    }

    /// <summary>The request's trace id: the first one its document carried (intake's, where the request's trace starts;
    /// a later stage that works outside the request's span, like receipt tracking, records its own or none).</summary>
    public string TraceOf(string requestId) => _traces.GetValueOrDefault(requestId, "");

    /// <summary>Polls until the request is in <paramref name="wanted"/>; returns its status then.</summary>
    public async Task<TransactionStatus> WaitForAsync(string requestId, string wanted, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (deadLetters.FirstDeadLetter.IsCompleted)
            {
                throw new DemoException(await deadLetters.FirstDeadLetter.ConfigureAwait(false));
            }

            var status = await ReadAsync(requestId, ct).ConfigureAwait(false);
            if (!_seen.TryGetValue(requestId, out var last) || last.State != status.State)
            {
                _seen[requestId] = (status.State, last.Start == default ? status.CreatedAt : last.Start);
                Print(status);
            }

            if (status.State == wanted)
            {
                return status;
            }

            if (IsFinal(status.State))
            {
                throw new DemoException($"request {requestId} ended {status.State}, not {wanted}{Reasons(status)}.");
            }

            if (clock.Elapsed > Deadline)
            {
                throw new DemoException($"request {requestId} is still {status.State} after {Deadline.TotalMinutes:0} minutes (waiting for {wanted}); see its trace {status.TraceId} on the dashboard.");
            }

            await Task.WhenAny(Task.Delay(PollInterval, ct), deadLetters.FirstDeadLetter).ConfigureAwait(false); // polling the read model
            ct.ThrowIfCancellationRequested();
        }
    }

    public async Task<TransactionStatus> ReadAsync(string requestId, CancellationToken ct)
    {
        using var response = await intake.GetAsync(new Uri($"v1/transactions/{Uri.EscapeDataString(requestId)}", UriKind.Relative), ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new DemoException($"intake answered {(int)response.StatusCode} to GET /v1/transactions/{requestId}.");
        }

        return await response.Content.ReadFromJsonAsync(ApprovalsJsonContext.Default.TransactionStatus, ct).ConfigureAwait(false)
            ?? throw new DemoException($"intake answered null for {requestId}.");
    }

    /// <summary>The states after which nothing more happens to a request: the lifecycle's own (docs/policy.md "Lifecycle").</summary>
    private static bool IsFinal(string state) => Enum.TryParse<TransactionState>(state, out var known) && TransactionLifecycle.IsTerminal(known);

    private void Print(TransactionStatus status)
    {
        if (status.TraceId.Length > 0)
        {
            _traces.TryAdd(status.RequestId, status.TraceId);
        }

        var since = status.UpdatedAt - _seen[status.RequestId].Start;
        Narration.Line($"{status.UpdatedAt:HH:mm:ss.fff}  +{since.TotalSeconds,6:0.00} s  {status.State,-16}{Details(status)}");
    }

    private static string Details(TransactionStatus s) => s.State switch
    {
        "Validated" => $"intent {s.IntentHash}",
        "PendingApproval" => $"{s.Decision} by rule {s.RuleId}, until {s.Deadline:HH:mm:ss}; votes so far: {s.Approvals.Count}",
        "Approved" => $"{s.Decision} by rule {s.RuleId}" + (s.Approvals.Count > 0 ? $", approvals: {string.Join(", ", s.Approvals.Select(a => a.ApproverId))}" : ""),
        "Blocked" or "Rejected" => $"{s.Decision} by rule {s.RuleId}{Reasons(s)}",
        "Signing" => $"nonce {s.Nonce}",
        "Signed" or "Broadcast" => $"tx {s.TransactionHash}",
        "Confirmed" or "Failed" => $"tx {s.TransactionHash}, block {s.Receipt?.BlockNumber}, {s.Receipt?.Confirmations} confirmation(s)",
        _ => "",
    };

    private static string Reasons(TransactionStatus s) =>
        s.Reasons.Count == 0 ? "" : ": " + string.Join("; ", s.Reasons);
}
