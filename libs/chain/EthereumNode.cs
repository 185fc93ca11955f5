using System.Diagnostics;
using System.Net;
using Custody.Ethereum;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace Custody.Chain;

/// <summary>
/// An Ethereum node over JSON-RPC (Ethereum execution API specification), through Nethereum's RPC client.
/// Answers come back in the project's own types (<see cref="UInt256"/>, <see cref="Bytes32"/>, <see cref="Address"/>);
/// node errors become typed exceptions (<see cref="NodeErrorClassifier"/>) and are never retried; transport failures
/// (connection refused, timeout, HTTP 429/502/503/504) are retried with doubling backoff up to
/// <see cref="EthereumNodeOptions.MaxAttempts"/>, then raised as <see cref="NodeTransportException"/>. Every call is an
/// OpenTelemetry client span on <see cref="ActivitySourceName"/> (rpc.system = jsonrpc) naming the method only:
/// parameters (raw transactions, addresses) are never recorded or logged.
/// </summary>
public sealed class EthereumNode
{
    public const string ActivitySourceName = "Custody.Chain";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Uri _endpoint;
    private readonly EthereumNodeOptions _options;
    private readonly RpcClient _client;
    private readonly Web3 _web3;

    public EthereumNode(HttpClient http, Uri endpoint, EthereumNodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _options = options ?? new EthereumNodeOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentException("MaxAttempts must be at least 1.", nameof(options));
        }

        _client = new RpcClient(endpoint, http);
        _web3 = new Web3(_client);
    }

    public Uri Endpoint => _endpoint;

    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        Quantity64(await CallAsync("eth_chainId", () => _web3.Eth.ChainId.SendRequestAsync(), cancellationToken).ConfigureAwait(false));

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        Quantity64(await CallAsync("eth_blockNumber", () => _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), cancellationToken).ConfigureAwait(false));

    /// <summary>The account nonce at <paramref name="block"/>; <see cref="BlockTag.Pending"/> includes pooled transactions.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address address, BlockTag block, CancellationToken cancellationToken = default) =>
        Quantity64(await CallAsync("eth_getTransactionCount",
            () => _web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(address.ToString(), block.ToParameter()), cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetBalanceAsync(Address address, BlockTag block, CancellationToken cancellationToken = default) =>
        Quantity(await CallAsync("eth_getBalance", () => _web3.Eth.GetBalance.SendRequestAsync(address.ToString(), block.ToParameter()), cancellationToken).ConfigureAwait(false));

    public async Task<ulong> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default) =>
        Quantity64(await CallAsync("eth_estimateGas", () => _web3.Eth.Transactions.EstimateGas.SendRequestAsync(CallInputOf(call)), cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        Quantity(await CallAsync("eth_gasPrice", () => _web3.Eth.GasPrice.SendRequestAsync(), cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        Quantity(await SendAsync<HexBigInteger>("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false));

    /// <summary>eth_feeHistory (EIP-1559): base fees of the last <paramref name="blockCount"/> blocks and the next, and tips at the percentiles.</summary>
    public async Task<FeeHistory> GetFeeHistoryAsync(
        int blockCount, BlockTag newestBlock, IReadOnlyList<double> rewardPercentiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardPercentiles);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        var percentiles = rewardPercentiles.Select(p => (decimal)p).ToArray();
        var result = await CallAsync("eth_feeHistory",
            () => _web3.Eth.FeeHistory.SendRequestAsync(new HexBigInteger(blockCount), newestBlock.ToParameter(), percentiles), cancellationToken).ConfigureAwait(false)
            ?? throw new NodeTransportException("eth_feeHistory answered null.");
        return new FeeHistory(
            Quantity64(result.OldestBlock),
            [.. (result.BaseFeePerGas ?? []).Select(Quantity)],
            [.. (result.GasUsedRatio ?? []).Select(r => (double)r)],
            [.. (result.Reward ?? []).Select(r => (IReadOnlyList<UInt256>)[.. r.Select(Quantity)])]);
    }

    /// <summary>Submits a signed raw transaction; returns the transaction hash the node reports.</summary>
    public async Task<Bytes32> SendRawTransactionAsync(ReadOnlyMemory<byte> raw, CancellationToken cancellationToken = default) =>
        Hash(await CallAsync("eth_sendRawTransaction", () => _web3.Eth.Transactions.SendRawTransaction.SendRequestAsync(Hex.Encode(raw.Span)), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Polls eth_getTransactionReceipt every <paramref name="pollInterval"/> until the transaction is mined;
    /// throws <see cref="TimeoutException"/> once <paramref name="deadline"/> has passed without a receipt.
    /// </summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan deadline, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await GetTransactionReceiptAsync(hash, cancellationToken).ConfigureAwait(false) is { } receipt)
            {
                return receipt;
            }

            if (clock.Elapsed >= deadline)
            {
                throw new TimeoutException($"No receipt for {hash} within {deadline.TotalSeconds:0.#} s.");
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The receipt, or null while the transaction is not mined (or its block was reorganised away).</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Bytes32 hash, CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("eth_getTransactionReceipt", () => _web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash.ToString()), cancellationToken).ConfigureAwait(false);
        return r is null ? null : NodeAnswers.Receipt(r);
    }

    /// <summary>The transaction, or null when the node does not know it.</summary>
    public async Task<NodeTransaction?> GetTransactionByHashAsync(Bytes32 hash, CancellationToken cancellationToken = default)
    {
        var t = await CallAsync("eth_getTransactionByHash", () => _web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(hash.ToString()), cancellationToken).ConfigureAwait(false);
        return t is null ? null : NodeAnswers.Transaction(t);
    }

    /// <summary>The block with transaction hashes, or null when it does not exist.</summary>
    public async Task<NodeBlock?> GetBlockByNumberAsync(BlockTag block, CancellationToken cancellationToken = default)
    {
        var b = await CallAsync("eth_getBlockByNumber",
            () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(block.ToParameter()), cancellationToken).ConfigureAwait(false);
        return b is null ? null : NodeAnswers.Block(b);
    }

    /// <summary>The block with transaction hashes, or null when the node has no block of that hash (for example after a reorg).</summary>
    public async Task<NodeBlock?> GetBlockByHashAsync(Bytes32 hash, CancellationToken cancellationToken = default)
    {
        var b = await CallAsync("eth_getBlockByHash",
            () => _web3.Eth.Blocks.GetBlockWithTransactionsHashesByHash.SendRequestAsync(hash.ToString()), cancellationToken).ConfigureAwait(false);
        return b is null ? null : NodeAnswers.Block(b);
    }

    /// <summary>eth_call: the return data, or <see cref="ExecutionRevertedException"/> with the decoded reason.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockTag block, CancellationToken cancellationToken = default) =>
        NodeAnswers.Data(await CallAsync("eth_call", () => _web3.Eth.Transactions.Call.SendRequestAsync(CallInputOf(call), block.ToParameter()), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Why a mined transaction reverted: replays it with eth_call at the block before its inclusion (the state it ran
    /// on, exact for the block's first transaction of the sender) and decodes the revert data. Null when the replay does
    /// not revert (the revert depended on transactions earlier in the block) or carried no reason.
    /// </summary>
    public async Task<string?> GetRevertReasonAsync(NodeTransaction transaction, ulong blockNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var call = new CallRequest { From = transaction.From, To = transaction.To, Value = transaction.Value, Data = transaction.Input, Gas = transaction.Gas };
        try
        {
            await CallAsync(call, blockNumber == 0 ? BlockTag.Earliest : BlockTag.Number(blockNumber - 1), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ExecutionRevertedException e)
        {
            return e.Reason ?? (e.RevertData.Length > 0 ? "custom error " + Hex.Encode(e.RevertData) : null);
        }
    }

    /// <summary>Any other method (dev nodes: anvil_setBalance, evm_mine, evm_snapshot...), its result as <typeparamref name="T"/>.</summary>
    public Task<T> SendAsync<T>(string method, object[] parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        return CallAsync(method, () => _client.SendRequestAsync<T>(method, null, parameters), cancellationToken);
    }

    /// <summary>One JSON-RPC exchange as a client span, retried on transport failures, the node's error typed.</summary>
    private async Task<T> CallAsync<T>(string method, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = StartActivity(method);
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcResponseException e)
            {
                var error = NodeErrorClassifier.Classify(method, e.RpcError?.Code ?? 0, e.RpcError?.Message ?? e.Message, ErrorDataJson(e.RpcError?.Data));
                activity?.SetTag("rpc.jsonrpc.error_code", error.Code);
                activity?.SetTag("error.type", error.GetType().Name);
                activity?.SetStatus(ActivityStatusCode.Error, error.NodeMessage);
                throw error;
            }
            catch (Exception e) when (TransportFailure(e, method) is { } failure)
            {
                if (attempt < _options.MaxAttempts && IsRetryable(failure))
                {
                    activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = attempt, ["error.type"] = failure.InnerException?.GetType().Name }));
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay *= 2;
                    continue;
                }

                activity?.SetTag("error.type", failure.InnerException?.GetType().Name ?? nameof(NodeTransportException));
                activity?.SetStatus(ActivityStatusCode.Error, failure.Message);
                throw failure;
            }
        }
    }

    /// <summary>The transport failure an exception stands for, or null when it is none (a cancellation, a bug).</summary>
    private NodeTransportException? TransportFailure(Exception e, string method) => e switch
    {
        TimeoutException or RpcClientTimeoutException => new NodeTransportException($"The node did not answer {method} within {_options.Timeout.TotalSeconds:0.###} s.", e),
        HttpRequestException http => new NodeTransportException($"The node could not be reached for {method}.", http) { StatusCode = http.StatusCode },
        RpcClientUnknownException { InnerException: HttpRequestException http } =>
            new NodeTransportException($"The node could not be reached for {method}{(http.StatusCode is { } s ? $" (HTTP {(int)s})" : "")}.", http) { StatusCode = http.StatusCode },
        RpcClientUnknownException unknown => new NodeTransportException($"The node's answer to {method} is not a JSON-RPC response.", unknown),
        Newtonsoft.Json.JsonException json => new NodeTransportException($"The node's answer to {method} is not a JSON-RPC response.", json),
        _ => null,
    };

    /// <summary>The error's data member as JSON text (Nethereum hands it over as a JSON token or a plain value).</summary>
    private static string? ErrorDataJson(object? data) => data switch
    {
        null => null,
        Newtonsoft.Json.Linq.JToken token => token.ToString(Newtonsoft.Json.Formatting.None),
        _ => Newtonsoft.Json.JsonConvert.SerializeObject(data),
    };

    private static bool IsRetryable(NodeTransportException e) =>
        e.InnerException is TimeoutException or RpcClientTimeoutException
        || (e.InnerException is HttpRequestException && e.StatusCode is null)
        || e.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private Activity? StartActivity(string method)
    {
        // OpenTelemetry semantic conventions for JSON-RPC client spans; the request's parameters are not recorded.
        var activity = Source.StartActivity(method, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.method", method);
            activity.SetTag("rpc.jsonrpc.version", "2.0");
            activity.SetTag("server.address", _endpoint.Host);
            activity.SetTag("server.port", _endpoint.Port);
        }

        return activity;
    }

    private static CallInput CallInputOf(CallRequest call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return new CallInput
        {
            From = call.From?.ToString(),
            To = call.To?.ToString(),
            Value = call.Value is { } value ? new HexBigInteger(value.ToBigInteger()) : null,
            Gas = call.Gas is { } gas ? new HexBigInteger(gas) : null,
            Data = Hex.Encode(call.Data.Span),
        };
    }

    private static ulong Quantity64(HexBigInteger? value) => NodeAnswers.Quantity64(value);

    private static UInt256 Quantity(HexBigInteger? value) => NodeAnswers.Quantity(value);

    private static Bytes32 Hash(string? value) => NodeAnswers.Hash(value);
}
