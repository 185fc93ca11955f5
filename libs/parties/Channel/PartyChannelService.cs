using Custody.Parties.Protos;
using Grpc.Core;

namespace Custody.Parties.Channel;

/// <summary>The gRPC face of the <see cref="PartyHub"/> (custody.parties.v1.PartyChannel/Connect).</summary>
internal sealed class PartyChannelService(PartyHub hub) : PartyChannel.PartyChannelBase
{
    public override Task Connect(IAsyncStreamReader<Frame> requestStream, IServerStreamWriter<Frame> responseStream, ServerCallContext context) =>
        hub.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
