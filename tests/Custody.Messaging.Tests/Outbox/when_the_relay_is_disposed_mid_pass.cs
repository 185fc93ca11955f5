using Custody.Gcp.PubSub;
using Custody.Messaging.Outbox;
using Custody.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Tests.Outbox;

public sealed class when_the_relay_is_disposed_mid_pass(FirestoreEmulator firestore, PubSubEmulator pubSub) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly OutboxWorld _world = new(firestore, pubSub);

    public void Dispose() => _world.Dispose();

    // How a cut-short publish surfaces: a cancelled task, or the gRPC client's CANCELLED status.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task the_pass_stops_without_logging_a_failure_and_the_entry_stays_unpublished(bool grpcCancelled)
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        await _world.CommitEventAsync("req-1", orderingKey: "wallet-1", ct);
        var transport = new HangingTransport(grpcCancelled);
        var logger = new RecordingLogger<OutboxRelay>();
        var relay = _world.Relay(transport, logger);
        await relay.StartAsync(ct);
        await transport.Entered.WaitAsync(Deadline, ct);

        relay.Dispose();

        await transport.Cancelled.WaitAsync(Deadline, ct);
        await Eventually.UntilAsync(() => relay.ExecuteTask!.IsCompleted, Deadline, "the relay's loop to end", ct);
        Assert.Empty(logger.AtLeast(LogLevel.Warning));
        Assert.Equal(1, await _world.UnpublishedCountAsync(ct));
    }

    /// <summary>A publish that never completes until its token is cancelled.</summary>
    private sealed class HangingTransport(bool grpcCancelled) : IOutboxTransport
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task Cancelled => _cancelled.Task;

        public async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
        {
            _entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                _cancelled.TrySetResult();
                if (grpcCancelled)
                {
                    throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
                }

                throw;
            }

            throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
        }
    }
}
