using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>Counts the unary calls a client makes, per method, and keeps their routing headers.</summary>
internal sealed class CountingInterceptor : Interceptor
{
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public ConcurrentQueue<string> RoutingHeaders { get; } = new();

    public int CallsTo(string method) => Calls.TryGetValue(method, out var count) ? count : 0;

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        Calls.AddOrUpdate(context.Method.Name, 1, (_, count) => count + 1);
        RoutingHeaders.Enqueue(context.Options.Headers?.GetValue(Custody.Gcp.Channels.RoutingHeaders.RequestParams) ?? "");
        return continuation(request, context);
    }
}
