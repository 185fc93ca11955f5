using System.Collections.Concurrent;
using Custody.Keys.Sealing;
using Custody.Parties.Channel;
using Custody.Signing.Coordination;
using Microsoft.Extensions.Options;

namespace Custody.Cosigner.Link;

/// <summary>
/// The co-signer's link to the signer (docs/signing.md "The co-signer service", docs/parties.md "Shape"): at start it
/// loads this party's identity (<see cref="CosignerIdentity"/>; a mismatch stops the service), then keeps a
/// <see cref="CoordinatorConnection"/> dialled out to the signer, and hands every request of the live link to
/// <see cref="CosignerRequestHandler"/>, at most <see cref="MaxInFlight"/> at a time (the rest wait in the link's
/// bounded queue, beyond which the link answers "busy"). On a graceful stop it takes no new request, answers the
/// queued ones "the co-signer is stopping", and lets those in flight finish until the host's shutdown timeout, after
/// which they are cancelled and answered the same way.
/// </summary>
public sealed partial class CoordinatorLinkService(
    IOptions<CosignerOptions> options, KeySealer sealer, CosignerRequestHandler handler,
    ILoggerFactory loggers, ILogger<CoordinatorLinkService> logger) : BackgroundService
{
    /// <summary>Requests handled at once.</summary>
    public const int MaxInFlight = 16;

    /// <summary>The reason given for a request the co-signer will not finish because it is stopping.</summary>
    public const string StoppingReason = "the co-signer is stopping";

    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<ulong, Task> _inFlight = new();
    private CosignerIdentity? _identity;
    private CoordinatorConnection? _connection;
    private ulong _started;

    /// <summary>Requests being handled now.</summary>
    public int InFlight => _inFlight.Count;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _identity = await CosignerIdentity.LoadAsync(options.Value, sealer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            LogInvalid(e.Message);
            throw;
        }

        LogIdentity(options.Value.Party, _identity.Keys.Party.Value, Convert.ToHexStringLower(_identity.Keys.Signing.PublicKey), _identity.Coordinator.Address);
        _connection = new CoordinatorConnection(_identity.Coordinator, _identity.Directory, loggers.CreateLogger<CoordinatorConnection>());
        await _connection.StartAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Past the host's shutdown timeout, the requests still in flight are cancelled (and answered so).
        using var deadline = cancellationToken.Register(_abort.Cancel);
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        }
        finally
        {
            if (_connection is not null)
            {
                await _connection.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose()
    {
        _connection?.Dispose();
        _identity?.Dispose();
        _abort.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var link in _connection!.Links.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                LogLinked(options.Value.Party, _identity!.Coordinator.Address);
                await ServeAsync(link, stoppingToken).ConfigureAwait(false);
                LogUnlinked(options.Value.Party, _identity.Coordinator.Address, _inFlight.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Serves <paramref name="link"/>'s requests until it ends, or, when stopping, refuses those still queued.</summary>
    private async Task ServeAsync(PartyLink link, CancellationToken stoppingToken)
    {
        try
        {
            while (await link.Requests.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                if (link.Requests.TryRead(out var request))
                {
                    Start(link, request);
                }
                else
                {
                    _slots.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            while (link.Requests.TryRead(out var queued))
            {
                await RefuseAsync(link, queued).ConfigureAwait(false);
            }

            throw;
        }
    }

    private void Start(PartyLink link, PartyRequest request)
    {
        var key = Interlocked.Increment(ref _started);
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await registered.Task.ConfigureAwait(false);
            try
            {
                await handler.HandleAsync(link, request, _abort.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A handler's unexpected failure ends its request, never the link or the service.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogUnexpected(request.Kind, request.Id, e.GetType().Name);
                await RefuseAsync(link, request, "internal error").ConfigureAwait(false);
            }
            finally
            {
                _inFlight.TryRemove(key, out _);
                _slots.Release();
            }
        }, CancellationToken.None);
        _inFlight.TryAdd(key, task);
        registered.SetResult();
    }

    private static async Task RefuseAsync(PartyLink link, PartyRequest request, string reason = StoppingReason)
    {
        try
        {
            await link.ReplyAsync(request.Id, PartyReply.Failed(reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (PartyChannelException)
        {
            // The link is down: the coordinator's call fails on its own.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Co-signer {Party} is MPC party {PartyId} with identity key {SigningKey}; dialling the signer at {Address}.")]
    private partial void LogIdentity(string party, int partyId, string signingKey, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Co-signer {Party} is linked to the signer at {Address}; serving its requests.")]
    private partial void LogLinked(string party, Uri address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Co-signer {Party} lost its link to the signer at {Address} ({InFlight} requests in flight); redialling.")]
    private partial void LogUnlinked(string party, Uri address, int inFlight);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} request {Id} failed unexpectedly ({ExceptionType}).")]
    private partial void LogUnexpected(string kind, ulong id, string exceptionType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The co-signer cannot start: {Reason}")]
    private partial void LogInvalid(string reason);
}
