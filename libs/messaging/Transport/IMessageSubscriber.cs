using Custody.Gcp.PubSub;

namespace Custody.Messaging.Transport;

/// <summary>One running subscription of the transport.</summary>
internal interface IMessageSubscriber : IAsyncDisposable
{
    /// <summary>Starts delivering messages to <paramref name="handler"/>; returns once streaming. A handler that throws means Nack.</summary>
    Task StartAsync(Func<IncomingMessage, CancellationToken, Task<AckDecision>> handler, CancellationToken ct);

    /// <summary>Stops pulling, lets in-flight handlers finish, nacks what was not dispatched, flushes acks.</summary>
    Task StopAsync(CancellationToken ct);
}

/// <summary>Creates the subscriber of one registered subscription.</summary>
internal interface IMessageSubscriberFactory
{
    IMessageSubscriber Create(SubscriptionDefinition subscription);
}
