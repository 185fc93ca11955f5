using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;
using Custody.Parties.Protos;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Custody.Parties.Channel;

/// <summary>
/// A co-signer's end of the party channel (docs/parties.md): it dials out to the coordinator over TLS (operators
/// behind firewalls open no inbound port), authenticates both ends with the pinned identity keys, and keeps one
/// bidirectional stream over which its sessions' sealed frames travel. The coordinator's TLS certificate can be
/// pinned by its SHA-256; without a pin the system's trust store decides.
/// </summary>
public sealed partial class PartyLink : IFrameSender, IAsyncDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<Frame, Frame> _call;
    private readonly System.Threading.Channels.Channel<Frame> _outbox = System.Threading.Channels.Channel.CreateBounded<Frame>(new BoundedChannelOptions(PartyHub.MaxQueuedFrames) { SingleReader = true });
    private readonly System.Threading.Channels.Channel<PartyRequest> _requests = System.Threading.Channels.Channel.CreateBounded<PartyRequest>(new BoundedChannelOptions(MaxQueuedRequests) { FullMode = BoundedChannelFullMode.DropWrite, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly PartyDirectory _directory;
    private readonly ILogger _logger;
    private Task _pumps = Task.CompletedTask;
    private int _disposed;

    private PartyLink(GrpcChannel channel, AsyncDuplexStreamingCall<Frame, Frame> call, PartyDirectory directory, PartyId coordinator, ILogger logger)
    {
        _channel = channel;
        _call = call;
        _directory = directory;
        Coordinator = coordinator;
        _logger = logger;
    }

    /// <summary>How long <see cref="DisposeAsync"/> lets the frames already queued (a last reply) go out, and the coordinator end the stream, before it cuts the stream.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Requests from the coordinator queued before more are refused as busy.</summary>
    public const int MaxQueuedRequests = 256;

    public PartyId Coordinator { get; }

    /// <summary>The coordinator's requests to this party, in arrival order; completes when the stream ends.</summary>
    public ChannelReader<PartyRequest> Requests => _requests.Reader;

    /// <summary>This party's keys and the parties it has pinned.</summary>
    public PartyDirectory Directory => _directory;

    /// <summary>Completes when the stream has ended (the coordinator went away, or <see cref="DisposeAsync"/>).</summary>
    public Task Completion => _pumps;

    internal PartyMailbox Mailbox { get; } = new();

    /// <summary>Dials <paramref name="coordinatorAddress"/>, runs the handshake and starts relaying; throws <see cref="PartyChannelException"/> when the coordinator is unreachable or fails the handshake.</summary>
    public static async Task<PartyLink> ConnectAsync(Uri coordinatorAddress, PartyId coordinator, PartyDirectory directory, byte[]? coordinatorCertificateSha256, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coordinatorAddress);
        ArgumentNullException.ThrowIfNull(directory);
        var pinned = directory[coordinator];
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (coordinatorCertificateSha256 is { } pin)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), pin),
            };
        }

        var channel = GrpcChannel.ForAddress(coordinatorAddress, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        var call = new PartyChannel.PartyChannelClient(channel).Connect(cancellationToken: CancellationToken.None);
        var link = new PartyLink(channel, call, directory, coordinator, logger);
        try
        {
            await link.AuthenticateAsync(pinned, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or InvalidOperationException)
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw new PartyChannelException($"the coordinator at {coordinatorAddress} could not be joined: {Describe(ex)}", ex);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        link._pumps = Task.WhenAll(link.ReadAsync(), link.WriteAsync());
        return link;
    }

    /// <summary>The transport of one MPC session of this party.</summary>
    public ChannelTransport OpenSession(ReadOnlySpan<byte> session, IEnumerable<PartyId> participants) => new(_directory, session, participants, this, Mailbox);

    /// <summary>Answers request <paramref name="requestId"/> (see <see cref="PartyReply"/>).</summary>
    public async ValueTask ReplyAsync(ulong requestId, PartyReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Body.Length > PartyRequest.MaxBodyBytes)
        {
            throw new ArgumentException($"a reply's body is at most {PartyRequest.MaxBodyBytes} bytes", nameof(reply));
        }

        if (_pumps.IsCompleted)
        {
            throw new PartyChannelException("the link to the coordinator is down");
        }

        var frame = new Reply { Id = requestId, Final = reply.Final, Body = Google.Protobuf.ByteString.CopyFrom(reply.Body.Span), Error = reply.Error ?? "" };
        try
        {
            await _outbox.Writer.WriteAsync(new Frame { Reply = frame }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            // The link is closing (DisposeAsync completed the outbox): the same as a link that is down.
            throw new PartyChannelException("the link to the coordinator is down", e);
        }
    }

    async ValueTask IFrameSender.SendAsync(Sealed frame, CancellationToken cancellationToken)
    {
        if (_pumps.IsCompleted)
        {
            throw new MpcTransportException("the link to the coordinator is down");
        }

        try
        {
            await _outbox.Writer.WriteAsync(new Frame { Sealed = frame }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new MpcTransportException("the link to the coordinator is down", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Frames already queued (a stopping party's last replies) go out first and the stream is half-closed; the
        // coordinator then ends it, having read them (cancelling the call at once could discard them). Bounded, since
        // a coordinator that has gone away reads nothing.
        _outbox.Writer.TryComplete();
        await _pumps.WaitAsync(DrainTimeout).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pumps.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException)
        {
            // Ending the stream.
        }

        _call.Dispose();
        _channel.Dispose();
        _stop.Dispose();
    }

    private async Task AuthenticateAsync(PinnedParty coordinator, CancellationToken cancellationToken)
    {
        var self = _directory.Self;
        var nonce = Handshake.Nonce();
        await _call.RequestStream.WriteAsync(new Frame { Hello = new Hello { Party = self.Party.Value, Nonce = Google.Protobuf.ByteString.CopyFrom(nonce) } }, cancellationToken).ConfigureAwait(false);
        if (!await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) || _call.ResponseStream.Current.KindCase != Frame.KindOneofCase.Welcome)
        {
            throw new PartyChannelException("the coordinator did not answer the hello");
        }

        var welcome = _call.ResponseStream.Current.Welcome;
        if (welcome.Party != Coordinator.Value || welcome.Nonce.Length != Handshake.NonceLength
            || !PartyIdentityKey.VerifyInContext(welcome.Signature.Span, PartyHub.HandshakeContext, Handshake.Transcript("coordinator", self.Party, Coordinator, nonce, welcome.Nonce.Span), coordinator.SigningKey))
        {
            throw new PartyChannelException($"the endpoint did not prove it is coordinator {Coordinator} (its handshake signature does not verify under the pinned key)");
        }

        var proof = self.Signing.SignInContext(PartyHub.HandshakeContext, Handshake.Transcript("client", self.Party, Coordinator, nonce, welcome.Nonce.Span));
        await _call.RequestStream.WriteAsync(new Frame { Proof = new Proof { Signature = Google.Protobuf.ByteString.CopyFrom(proof) } }, cancellationToken).ConfigureAwait(false);
        if (!await _call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) || _call.ResponseStream.Current.KindCase != Frame.KindOneofCase.Accepted)
        {
            throw new PartyChannelException("the coordinator did not accept this party's proof");
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token).ConfigureAwait(false))
            {
                var frame = _call.ResponseStream.Current;
                if (frame.KindCase == Frame.KindOneofCase.Request)
                {
                    await AcceptRequestAsync(frame.Request).ConfigureAwait(false);
                }
                else if (frame.KindCase != Frame.KindOneofCase.Sealed || !Mailbox.Deliver(frame.Sealed))
                {
                    LogDropped(frame.KindCase.ToString());
                }
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException)
        {
            LogEnded(Describe(ex));
        }
        finally
        {
            _requests.Writer.TryComplete();
            _outbox.Writer.TryComplete();
        }
    }

    /// <summary>Queues a request for this party's handler; a malformed one or one beyond the queue is answered at once.</summary>
    private async Task AcceptRequestAsync(Request request)
    {
        string? refusal = request.Kind.Length is 0 or > PartyRequest.MaxKindLength || request.Body.Length > PartyRequest.MaxBodyBytes
            ? "malformed request"
            : null;
        if (refusal is null && _requests.Writer.TryWrite(new PartyRequest(request.Id, request.Kind, request.Body.Memory,
                request.Traceparent.Length is > 0 and <= PartyRequest.MaxTraceParentLength ? request.Traceparent : null)))
        {
            return;
        }

        refusal ??= $"busy: {MaxQueuedRequests} requests are waiting";
        LogRequestRefused(request.Id, refusal);
        await _outbox.Writer.WriteAsync(new Frame { Reply = new Reply { Id = request.Id, Final = true, Error = refusal } }, _stop.Token).ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _call.RequestStream.WriteAsync(frame, _stop.Token).ConfigureAwait(false);
            }

            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
        {
            LogEnded(Describe(ex));
        }
    }

    private static string Describe(Exception ex) => ex is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : ex.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "a frame from the coordinator was dropped ({Kind})")]
    private partial void LogDropped(string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "request {Id} from the coordinator refused: {Reason}")]
    private partial void LogRequestRefused(ulong id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "the link to the coordinator ended: {Reason}")]
    private partial void LogEnded(string reason);
}
