using System.Collections.Concurrent;

namespace Custody.Cli.Demo;

/// <summary>How each request the demo published ended, as the handlers report it (blocked, confirmed, or failed).</summary>
internal sealed class DemoOutcomes
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _outcomes = new(StringComparer.Ordinal);

    public void Complete(string requestId, string outcome) => Get(requestId).TrySetResult(outcome);

    public void Fail(string requestId, Exception error) => Get(requestId).TrySetException(error);

    public async Task<string> WaitAsync(string requestId, TimeSpan deadline, CancellationToken ct)
    {
        try
        {
            return await Get(requestId).Task.WaitAsync(deadline, ct).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new DemoException($"Request {requestId} reached no outcome within {deadline.TotalSeconds:0} s.", e);
        }
    }

    private TaskCompletionSource<string> Get(string requestId) =>
        _outcomes.GetOrAdd(requestId, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
