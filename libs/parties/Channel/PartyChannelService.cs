using Custody.Parties.Protos;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Custody.Parties.Channel;

/// <summary>
/// The gRPC face of the <see cref="PartyHub"/> (custody.parties.v1.PartyChannel/Connect). A stream ends when the
/// host starts stopping, so a graceful stop does not wait out the server's shutdown timeout on open streams; the
/// co-signers redial (<see cref="CoordinatorConnection"/>).
/// </summary>
internal sealed class PartyChannelService(PartyHub hub, IHostApplicationLifetime lifetime) : PartyChannel.PartyChannelBase
{
    public override async Task Connect(IAsyncStreamReader<Frame> requestStream, IServerStreamWriter<Frame> responseStream, ServerCallContext context)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await hub.ServeAsync(requestStream, responseStream, stream.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The coordinator is stopping: end the stream normally.
        }
    }
}
