using Custody.Parties.Protos;

namespace Custody.Parties.Channel;

/// <summary>Where this party's sealed frames go: the coordinator's routing (the signer) or the stream to it (a co-signer).</summary>
internal interface IFrameSender
{
    ValueTask SendAsync(Sealed frame, CancellationToken cancellationToken);
}
