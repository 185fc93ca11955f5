using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Custody.Ethereum.Rpc;

/// <summary>
/// Ethereum JSON-RPC over HTTP (Ethereum execution API specification, JSON-RPC 2.0). Node errors become
/// typed exceptions (<see cref="NodeErrorClassifier"/>) and are never retried; transport failures are
/// retried up to <see cref="EthereumRpcOptions.MaxAttempts"/> times. Every exchange is an OpenTelemetry
/// client span on <see cref="ActivitySourceName"/> (rpc.system = jsonrpc).
/// </summary>
public sealed class EthereumRpcClient
{
    public const string ActivitySourceName = "Custody.Ethereum.Rpc";

    private static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly EthereumRpcOptions _options;
    private long _nextId;

    public EthereumRpcClient(HttpClient http, Uri endpoint, EthereumRpcOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = http;
        _endpoint = endpoint;
        _options = options ?? new EthereumRpcOptions();
        if (_options.MaxAttempts < 1)
        {
            throw new ArgumentException("MaxAttempts must be at least 1.", nameof(options));
        }
    }

    public async Task<ulong> GetChainIdAsync(CancellationToken cancellationToken = default) =>
        RpcValue.Quantity64(await SendAsync("eth_chainId", [], cancellationToken).ConfigureAwait(false));

    public async Task<ulong> GetBlockNumberAsync(CancellationToken cancellationToken = default) =>
        RpcValue.Quantity64(await SendAsync("eth_blockNumber", [], cancellationToken).ConfigureAwait(false));

    /// <summary>The account nonce at <paramref name="block"/>; <see cref="BlockTag.Pending"/> includes pooled transactions.</summary>
    public async Task<ulong> GetTransactionCountAsync(Address address, BlockTag block, CancellationToken cancellationToken = default) =>
        RpcValue.Quantity64(await SendAsync("eth_getTransactionCount", [address.ToString(), block.ToString()], cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetBalanceAsync(Address address, BlockTag block, CancellationToken cancellationToken = default) =>
        RpcValue.Quantity(await SendAsync("eth_getBalance", [address.ToString(), block.ToString()], cancellationToken).ConfigureAwait(false));

    public async Task<ulong> EstimateGasAsync(CallRequest call, CancellationToken cancellationToken = default) =>
        RpcValue.Quantity64(await SendAsync("eth_estimateGas", [CallObject(call)], cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetGasPriceAsync(CancellationToken cancellationToken = default) =>
        RpcValue.Quantity(await SendAsync("eth_gasPrice", [], cancellationToken).ConfigureAwait(false));

    public async Task<UInt256> GetMaxPriorityFeePerGasAsync(CancellationToken cancellationToken = default) =>
        RpcValue.Quantity(await SendAsync("eth_maxPriorityFeePerGas", [], cancellationToken).ConfigureAwait(false));

    public async Task<FeeHistory> GetFeeHistoryAsync(
        int blockCount, BlockTag newestBlock, IReadOnlyList<double> rewardPercentiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewardPercentiles);
        var percentiles = new JsonArray([.. rewardPercentiles.Select(p => (JsonNode)JsonValue.Create(p))]);
        var result = await SendAsync(
            "eth_feeHistory",
            ["0x" + blockCount.ToString("x", System.Globalization.CultureInfo.InvariantCulture), newestBlock.ToString(), percentiles],
            cancellationToken).ConfigureAwait(false);
        var reward = result.TryGetProperty("reward", out var rewards)
            ? rewards.EnumerateArray().Select(r => (IReadOnlyList<UInt256>)r.EnumerateArray().Select(RpcValue.Quantity).ToList()).ToList()
            : [];
        return new FeeHistory(
            RpcValue.Quantity64(RpcValue.Required(result, "oldestBlock")),
            RpcValue.Required(result, "baseFeePerGas").EnumerateArray().Select(RpcValue.Quantity).ToList(),
            RpcValue.Required(result, "gasUsedRatio").EnumerateArray().Select(r => r.GetDouble()).ToList(),
            reward);
    }

    /// <summary>Submits a signed raw transaction; returns the transaction hash the node reports.</summary>
    public async Task<Bytes32> SendRawTransactionAsync(ReadOnlyMemory<byte> raw, CancellationToken cancellationToken = default) =>
        RpcValue.Hash(await SendAsync("eth_sendRawTransaction", [Hex.Encode(raw.Span)], cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Polls eth_getTransactionReceipt every <paramref name="pollInterval"/> until the transaction is mined;
    /// throws <see cref="TimeoutException"/> once <paramref name="deadline"/> has passed without a receipt.
    /// </summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(Bytes32 hash, TimeSpan deadline, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        var clock = System.Diagnostics.Stopwatch.StartNew();
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

    /// <summary>The receipt, or null while the transaction is not yet mined.</summary>
    public async Task<TransactionReceipt?> GetTransactionReceiptAsync(Bytes32 hash, CancellationToken cancellationToken = default)
    {
        var r = await SendAsync("eth_getTransactionReceipt", [hash.ToString()], cancellationToken).ConfigureAwait(false);
        if (r.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var logs = RpcValue.Required(r, "logs").EnumerateArray().Select(log => new LogEntry(
            RpcValue.Address(RpcValue.Required(log, "address")),
            RpcValue.Required(log, "topics").EnumerateArray().Select(RpcValue.Hash).ToList(),
            RpcValue.Data(RpcValue.Required(log, "data")))).ToList();
        return new TransactionReceipt(
            RpcValue.Hash(RpcValue.Required(r, "transactionHash")),
            RpcValue.Hash(RpcValue.Required(r, "blockHash")),
            RpcValue.Quantity64(RpcValue.Required(r, "blockNumber")),
            RpcValue.Address(RpcValue.Required(r, "from")),
            RpcValue.OptionalAddress(r, "to"),
            RpcValue.OptionalAddress(r, "contractAddress"),
            RpcValue.Quantity(RpcValue.Required(r, "status")) == UInt256.One,
            RpcValue.Quantity64(RpcValue.Required(r, "gasUsed")),
            RpcValue.Quantity(RpcValue.Required(r, "effectiveGasPrice")),
            logs);
    }

    /// <summary>The transaction, or null when the node does not know it.</summary>
    public async Task<RpcTransaction?> GetTransactionByHashAsync(Bytes32 hash, CancellationToken cancellationToken = default)
    {
        var t = await SendAsync("eth_getTransactionByHash", [hash.ToString()], cancellationToken).ConfigureAwait(false);
        if (t.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var blockNumber = t.TryGetProperty("blockNumber", out var bn) && bn.ValueKind != JsonValueKind.Null ? RpcValue.Quantity64(bn) : (ulong?)null;
        var type = t.TryGetProperty("type", out var ty) ? RpcValue.Quantity64(ty) : 0;
        return new RpcTransaction(
            RpcValue.Hash(RpcValue.Required(t, "hash")),
            blockNumber,
            RpcValue.Address(RpcValue.Required(t, "from")),
            RpcValue.OptionalAddress(t, "to"),
            RpcValue.Quantity64(RpcValue.Required(t, "nonce")),
            RpcValue.Quantity(RpcValue.Required(t, "value")),
            RpcValue.Data(RpcValue.Required(t, "input")),
            RpcValue.Quantity64(RpcValue.Required(t, "gas")),
            checked((byte)type));
    }

    /// <summary>The block with transaction hashes, or null when it does not exist.</summary>
    public async Task<RpcBlock?> GetBlockByNumberAsync(BlockTag block, CancellationToken cancellationToken = default)
    {
        var b = await SendAsync("eth_getBlockByNumber", [block.ToString(), false], cancellationToken).ConfigureAwait(false);
        if (b.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return new RpcBlock(
            RpcValue.Quantity64(RpcValue.Required(b, "number")),
            RpcValue.Hash(RpcValue.Required(b, "hash")),
            RpcValue.Quantity64(RpcValue.Required(b, "timestamp")),
            RpcValue.Quantity64(RpcValue.Required(b, "gasLimit")),
            RpcValue.Quantity64(RpcValue.Required(b, "gasUsed")),
            b.TryGetProperty("baseFeePerGas", out var fee) ? RpcValue.Quantity(fee) : null,
            RpcValue.Required(b, "transactions").EnumerateArray().Select(RpcValue.Hash).ToList());
    }

    /// <summary>eth_call: the return data, or <see cref="ExecutionRevertedException"/> with the decoded reason.</summary>
    public async Task<byte[]> CallAsync(CallRequest call, BlockTag block, CancellationToken cancellationToken = default) =>
        RpcValue.Data(await SendAsync("eth_call", [CallObject(call), block.ToString()], cancellationToken).ConfigureAwait(false));

    /// <summary>Sends one request and returns its result, throwing the node's typed error.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonArray parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var id = Interlocked.Increment(ref _nextId);
        using var activity = StartActivity(method, id);
        var body = JsonSerializer.Serialize(new JsonRpcRequest("2.0", id, method, parameters), JsonRpcJsonContext.Default.JsonRpcRequest);
        var json = await PostWithRetriesAsync(body, activity, cancellationToken).ConfigureAwait(false);
        var response = Deserialize(json, JsonRpcJsonContext.Default.JsonRpcResponse);
        return Unwrap(method, response, activity);
    }

    /// <summary>Sends a batch (JSON-RPC 2.0 §6) and returns the answers in call order, matched by id.</summary>
    public async Task<IReadOnlyList<RpcResult>> SendBatchAsync(IReadOnlyList<RpcCall> calls, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return [];
        }

        var requests = calls.Select(c => new JsonRpcRequest("2.0", Interlocked.Increment(ref _nextId), c.Method, c.Params)).ToList();
        using var activity = StartActivity("batch", requests[0].Id);
        activity?.SetTag("rpc.jsonrpc.batch_size", requests.Count);
        var json = await PostWithRetriesAsync(
            JsonSerializer.Serialize(requests, JsonRpcJsonContext.Default.ListJsonRpcRequest), activity, cancellationToken).ConfigureAwait(false);
        var responses = Deserialize(json, JsonRpcJsonContext.Default.ListJsonRpcResponse);
        var byId = new Dictionary<long, JsonRpcResponse>();
        foreach (var response in responses)
        {
            if (response.Id.ValueKind == JsonValueKind.Number && response.Id.TryGetInt64(out var responseId))
            {
                byId[responseId] = response;
            }
        }

        return requests.Select(request =>
        {
            if (!byId.TryGetValue(request.Id, out var response))
            {
                throw new RpcTransportException($"The batch answer lacks a response for {request.Method}.");
            }

            try
            {
                return new RpcResult(Unwrap(request.Method, response, null), null);
            }
            catch (JsonRpcException error)
            {
                return new RpcResult(default, error);
            }
        }).ToList();
    }

    private Activity? StartActivity(string method, long id)
    {
        // OpenTelemetry semantic conventions for JSON-RPC client spans.
        var activity = Source.StartActivity(method, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("rpc.system", "jsonrpc");
            activity.SetTag("rpc.method", method);
            activity.SetTag("rpc.jsonrpc.version", "2.0");
            activity.SetTag("rpc.jsonrpc.request_id", id);
            activity.SetTag("server.address", _endpoint.Host);
            activity.SetTag("server.port", _endpoint.Port);
        }

        return activity;
    }

    private static JsonElement Unwrap(string method, JsonRpcResponse response, Activity? activity)
    {
        if (response.Error is { } error)
        {
            activity?.SetTag("rpc.jsonrpc.error_code", error.Code);
            activity?.SetTag("rpc.jsonrpc.error_message", error.Message);
            activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            var exception = NodeErrorClassifier.Classify(method, error.Code, error.Message ?? "", error.Data);
            activity?.SetTag("error.type", exception.GetType().Name);
            throw exception;
        }

        // "result": null is a valid answer (unknown receipt); an absent result is not.
        return response.Result.ValueKind != JsonValueKind.Undefined
            ? response.Result
            : throw new RpcTransportException($"The {method} response has neither result nor error.");
    }

    private async Task<string> PostWithRetriesAsync(string body, Activity? activity, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PostOnceAsync(body, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcTransportException e) when (attempt < _options.MaxAttempts && IsRetryable(e))
            {
                activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { ["attempt"] = attempt, ["error.type"] = e.InnerException?.GetType().Name ?? "http" }));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
            catch (RpcTransportException e)
            {
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                activity?.SetTag("error.type", e.InnerException?.GetType().Name ?? nameof(RpcTransportException));
                throw;
            }
        }
    }

    private async Task<string> PostOnceAsync(string body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync(_endpoint, content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RpcTransportException($"HTTP {(int)response.StatusCode} from the node.") { StatusCode = response.StatusCode };
            }

            return await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RpcTransportException("The node could not be reached.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcTransportException($"The node did not answer within {_options.Timeout.TotalSeconds:0.###} s.", e);
        }
    }

    private static bool IsRetryable(RpcTransportException e) =>
        e.InnerException is HttpRequestException or OperationCanceledException
        || (e.StatusCode is { } status
            && status is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);

    private static T Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new RpcTransportException("The node answered JSON null.");
        }
        catch (JsonException e)
        {
            throw new RpcTransportException("The node's answer is not a JSON-RPC response.", e);
        }
    }

    private static JsonObject CallObject(CallRequest call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var json = new JsonObject();
        if (call.From is { } from)
        {
            json["from"] = from.ToString();
        }

        if (call.To is { } to)
        {
            json["to"] = to.ToString();
        }

        if (call.Value is { } value)
        {
            json["value"] = value.ToHexQuantity();
        }

        if (call.Gas is { } gas)
        {
            json["gas"] = UInt256.FromUInt64(gas).ToHexQuantity();
        }

        json["input"] = Hex.Encode(call.Data.Span);
        return json;
    }
}
