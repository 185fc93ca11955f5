using System.Text.Json.Nodes;
using Custody.Testing;

namespace Custody.Ethereum.Tests.CrossCheck;

/// <summary>One node process running js/ethers-oracle.mjs (ethers 6.17.0), shared by a test class.</summary>
public sealed class EthersOracle : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly JsonLinesProcess _node = JsonLinesProcess.StartNode(
        Path.Combine(AppContext.BaseDirectory, "js", "ethers-oracle.mjs"),
        Path.GetDirectoryName(RepoPaths.NodeTool("ethers"))!);

    public async Task<JsonObject> AskAsync(JsonObject request)
    {
        var answer = await _node.AskAsync(request, Timeout);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"ethers refused {request.ToJsonString()}: {error}");
        }

        return answer;
    }

    public void Dispose() => _node.Dispose();
}
