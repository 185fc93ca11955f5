using System.Threading.Channels;
using Custody.Parties.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.Parties.Channel;

/// <summary>
/// Keeps a co-signer's link to the coordinator up (docs/parties.md): dials on start, and whenever the link ends
/// (the coordinator restarted, the network broke) dials again after a jittered backoff, until the host stops.
/// Sessions take the current link through <see cref="WaitConnectedAsync"/>; a session whose link ends fails with
/// an <c>MpcTransportException</c> and is retried by its caller under a new label. The party's request handler
/// reads <see cref="Links"/>, which yields each new link once.
/// </summary>
public sealed partial class CoordinatorConnection(CoordinatorOptions options, PartyDirectory directory, ILogger<CoordinatorConnection> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<PartyLink> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Threading.Channels.Channel<PartyLink> _links = System.Threading.Channels.Channel.CreateBounded<PartyLink>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    /// <summary>
    /// Every link as it is established, once (for the one reader that serves the coordinator's requests); only the
    /// newest is kept while the reader is busy. Completes when the connection stops.
    /// </summary>
    public ChannelReader<PartyLink> Links => _links.Reader;

    /// <summary>The live link, waiting for one while the coordinator is unreachable.</summary>
    public Task<PartyLink> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _connected.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await DialAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _links.Writer.TryComplete();
        }
    }

    private async Task DialAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            PartyLink link;
            try
            {
                link = await PartyLink.ConnectAsync(options.Address, options.Coordinator, directory, options.CertificateSha256, logger, stoppingToken).ConfigureAwait(false);
            }
            catch (PartyChannelException ex)
            {
                var wait = options.Redial.Delay(failures++);
                LogDialFailed(options.Address, ex.Message, wait);
                await Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            failures = 0;
            LogConnected(options.Address);
            lock (_gate)
            {
                _connected.TrySetResult(link);
            }

            _links.Writer.TryWrite(link);

            await Task.WhenAny(link.Completion, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
            lock (_gate)
            {
                _connected = new TaskCompletionSource<PartyLink>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not join the coordinator at {Address}: {Reason}; dialling again in {Wait}")]
    private partial void LogDialFailed(Uri address, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "joined the coordinator at {Address}")]
    private partial void LogConnected(Uri address);
}
