using System.Collections.Concurrent;
using System.Threading.Channels;
using Custody.Mpc.Protocol;
using Custody.Parties.Identity;
using Custody.Parties.Protos;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Custody.Parties.Channel;

/// <summary>
/// The coordinator's end of the party channel, hosted by the signer (docs/parties.md): co-signers dial in and keep
/// one authenticated stream each; the hub relays sealed frames between them and delivers frames addressed to the
/// signer's own party to its sessions. It routes by the frame header only and cannot open, alter or forge a frame
/// without the recipient noticing. A frame claiming a sender other than its stream's party is dropped.
/// </summary>
public sealed partial class PartyHub : IFrameSender
{
    /// <summary>Frames queued for one connected party before it counts as stuck and its frames are dropped.</summary>
    public const int MaxQueuedFrames = 8192;

    internal const string HandshakeContext = "parties-handshake";

    private readonly ConcurrentDictionary<PartyId, Connection> _connections = new();
    private readonly ConcurrentDictionary<PartyId, TaskCompletionSource> _waiters = new();
    private readonly ConcurrentDictionary<ulong, PartyCall> _calls = new();
    private long _lastCallId;
    private readonly ILogger<PartyHub> _logger;

    public PartyHub(PartyDirectory directory, ILogger<PartyHub> logger)
    {
        Directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public PartyDirectory Directory { get; }

    /// <summary>The parties with an authenticated stream now.</summary>
    public IReadOnlyCollection<PartyId> Connected => [.. _connections.Keys];

    /// <summary>Test seam: a malicious relay that may replace, drop, duplicate or re-address what it forwards.</summary>
    internal Func<Sealed, IEnumerable<Sealed>>? Relay { get; set; }

    internal PartyMailbox Mailbox { get; } = new();

    /// <summary>The transport of one MPC session of this (the signer's) party.</summary>
    public ChannelTransport OpenSession(ReadOnlySpan<byte> session, IEnumerable<PartyId> participants) => new(Directory, session, participants, this, Mailbox);

    /// <summary>Completes once <paramref name="party"/> is connected.</summary>
    public Task WaitForAsync(PartyId party, CancellationToken cancellationToken)
    {
        var waiter = _waiters.GetOrAdd(party, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_connections.ContainsKey(party))
        {
            waiter.TrySetResult();
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="party"/> a request of <paramref name="kind"/> on its stream; the replies arrive on the
    /// returned call. Throws <see cref="PartyChannelException"/> when the party is not connected or not keeping up.
    /// </summary>
    public PartyCall Ask(PartyId party, string kind, ReadOnlyMemory<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (kind.Length > PartyRequest.MaxKindLength || body.Length > PartyRequest.MaxBodyBytes)
        {
            throw new ArgumentException($"a request's kind is at most {PartyRequest.MaxKindLength} characters and its body at most {PartyRequest.MaxBodyBytes} bytes");
        }

        if (!_connections.TryGetValue(party, out var connection))
        {
            throw new PartyChannelException($"party {party} is not connected to the coordinator");
        }

        var id = (ulong)Interlocked.Increment(ref _lastCallId);
        var call = new PartyCall(id, party, kind, connection, c => _calls.TryRemove(c.Id, out _));
        _calls[id] = call;
        var request = new Request { Id = id, Kind = kind, Body = Google.Protobuf.ByteString.CopyFrom(body.Span), Traceparent = PartyTelemetry.CurrentTraceParent() };
        if (!connection.Outbox.Writer.TryWrite(new Frame { Request = request }))
        {
            call.Dispose();
            throw new PartyChannelException($"party {party} is not keeping up with its stream");
        }

        return call;
    }

    /// <summary>Sends a frame of this party's own session.</summary>
    ValueTask IFrameSender.SendAsync(Sealed frame, CancellationToken cancellationToken)
    {
        var to = PartyId.Create((int)frame.To);
        if (!_connections.ContainsKey(to))
        {
            throw new MpcTransportException($"party {to} is not connected to the coordinator");
        }

        Route(frame);
        return ValueTask.CompletedTask;
    }

    /// <summary>One co-signer's stream: handshake, then relay until it ends.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<Frame> requests, IServerStreamWriter<Frame> responses, CancellationToken cancellationToken)
    {
        var client = await AuthenticateAsync(requests, responses, cancellationToken).ConfigureAwait(false);
        var connection = new Connection(client);
        if (_connections.TryGetValue(client, out var previous))
        {
            previous.Outbox.Writer.TryComplete();
        }

        _connections[client] = connection;
        _waiters.GetOrAdd(client, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        LogConnected(client);
        var writer = WriteAsync(connection, responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var frame = requests.Current;
                if (frame.KindCase == Frame.KindOneofCase.Reply)
                {
                    DeliverReply(client, frame.Reply);
                }
                else if (frame.KindCase != Frame.KindOneofCase.Sealed || frame.Sealed.From != client.Value)
                {
                    LogDroppedForeignFrame(client);
                }
                else
                {
                    Route(frame.Sealed);
                }
            }
        }
        finally
        {
            connection.Outbox.Writer.TryComplete();
            foreach (var call in _calls.Values.Where(c => c.Connection == connection))
            {
                call.Abandon();
            }

            if (_connections.TryRemove(new KeyValuePair<PartyId, Connection>(client, connection)))
            {
                _waiters.TryRemove(client, out _);
                LogDisconnected(client);
            }

            await writer.ConfigureAwait(false);
        }
    }

    private async Task<PartyId> AuthenticateAsync(IAsyncStreamReader<Frame> requests, IServerStreamWriter<Frame> responses, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false) || requests.Current.KindCase != Frame.KindOneofCase.Hello)
        {
            throw Refused("the stream must open with a hello");
        }

        var hello = requests.Current.Hello;
        if (hello.Party is 0 or > ushort.MaxValue || hello.Nonce.Length != Handshake.NonceLength)
        {
            throw Refused("malformed hello");
        }

        var client = PartyId.Create((int)hello.Party);
        if (client == Directory.Self.Party || !Directory.TryGet(client, out var pinned))
        {
            LogRefused(client, "not a pinned co-signer");
            throw Refused($"party {client} is not pinned at this coordinator");
        }

        var self = Directory.Self;
        var nonce = Handshake.Nonce();
        var signature = self.Signing.SignInContext(HandshakeContext, Handshake.Transcript("coordinator", client, self.Party, hello.Nonce.Span, nonce));
        await responses.WriteAsync(new Frame { Welcome = new Welcome { Party = self.Party.Value, Nonce = Google.Protobuf.ByteString.CopyFrom(nonce), Signature = Google.Protobuf.ByteString.CopyFrom(signature) } }, cancellationToken).ConfigureAwait(false);
        if (!await requests.MoveNext(cancellationToken).ConfigureAwait(false) || requests.Current.KindCase != Frame.KindOneofCase.Proof
            || !PartyIdentityKey.VerifyInContext(requests.Current.Proof.Signature.Span, HandshakeContext, Handshake.Transcript("client", client, self.Party, hello.Nonce.Span, nonce), pinned.SigningKey))
        {
            LogRefused(client, "its proof does not verify under its pinned key");
            throw Refused($"party {client} did not prove its identity key");
        }

        await responses.WriteAsync(new Frame { Accepted = new Accepted() }, cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>A reply counts only on the stream of the party the request went to.</summary>
    private void DeliverReply(PartyId client, Reply reply)
    {
        if (!_calls.TryGetValue(reply.Id, out var call) || call.Party != client || reply.Body.Length > PartyRequest.MaxBodyBytes)
        {
            LogDroppedReply(client, reply.Id);
            return;
        }

        var error = reply.Error.Length == 0 ? null : reply.Error.Length <= 1024 ? reply.Error : reply.Error[..1024];
        call.Deliver(new PartyReply(reply.Final || error is not null, reply.Body.Memory, error));
    }

    private void Route(Sealed frame)
    {
        foreach (var forwarded in Relay?.Invoke(frame) ?? [frame])
        {
            var to = forwarded.To is > 0 and <= ushort.MaxValue ? PartyId.Create((int)forwarded.To) : default;
            if (to == Directory.Self.Party)
            {
                if (!Mailbox.Deliver(forwarded))
                {
                    LogDroppedFull(to);
                }
            }
            else if (!to.IsValid || !_connections.TryGetValue(to, out var connection) || !connection.Outbox.Writer.TryWrite(new Frame { Sealed = forwarded }))
            {
                LogDroppedUnroutable(forwarded.From, forwarded.To);
            }
        }
    }

    private static async Task WriteAsync(Connection connection, IServerStreamWriter<Frame> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in connection.Outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }

    private static RpcException Refused(string why) => new(new Status(StatusCode.PermissionDenied, why));

    [LoggerMessage(Level = LogLevel.Information, Message = "party {Party} connected to the coordinator")]
    private partial void LogConnected(PartyId party);

    [LoggerMessage(Level = LogLevel.Information, Message = "party {Party} disconnected")]
    private partial void LogDisconnected(PartyId party);

    [LoggerMessage(Level = LogLevel.Warning, Message = "party {Party} refused: {Reason}")]
    private partial void LogRefused(PartyId party, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "frame from the stream of party {Party} dropped: not a sealed frame of its own")]
    private partial void LogDroppedForeignFrame(PartyId party);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reply {Id} from party {Party} dropped: no open request of that party has this id")]
    private partial void LogDroppedReply(PartyId party, ulong id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "frame for party {Party} dropped: its queue is full")]
    private partial void LogDroppedFull(PartyId party);

    [LoggerMessage(Level = LogLevel.Warning, Message = "frame from party {From} to party {To} dropped: the recipient is not connected or not keeping up")]
    private partial void LogDroppedUnroutable(uint from, uint to);

    private sealed class Connection(PartyId party)
    {
        public PartyId Party { get; } = party;

        public Channel<Frame> Outbox { get; } = System.Threading.Channels.Channel.CreateBounded<Frame>(new BoundedChannelOptions(MaxQueuedFrames) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    }
}
