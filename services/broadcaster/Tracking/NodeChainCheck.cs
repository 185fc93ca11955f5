using Custody.Chain;
using Microsoft.Extensions.Options;

namespace Custody.Broadcaster.Tracking;

/// <summary>
/// At start, before any subscription: the node must serve <see cref="BroadcasterOptions.ChainId"/>. A broadcaster
/// pointed at the wrong chain (or a node lying about it) would relay transactions nowhere useful; it refuses to start.
/// </summary>
public sealed partial class NodeChainCheck(EthereumNode node, IOptions<BroadcasterOptions> options, ILogger<NodeChainCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var served = await node.GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        if (served != options.Value.ChainId)
        {
            throw new InvalidOperationException($"The node at {node.Endpoint.Host} serves chain {served}, not the configured Broadcaster:ChainId {options.Value.ChainId}.");
        }

        LogChecked(node.Endpoint.Host, served);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The node at {Host} serves chain {ChainId}.")]
    private partial void LogChecked(string host, ulong chainId);
}
