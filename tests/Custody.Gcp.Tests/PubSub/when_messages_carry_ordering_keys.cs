using System.Collections.Concurrent;
using System.Globalization;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_messages_carry_ordering_keys(PubSubEmulator emulator) : IAsyncDisposable
{
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task each_keys_messages_are_handled_one_at_a_time_in_publish_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("ordered", "ordered-topic", EnableMessageOrdering: true), ct);
        string[] keys = ["wallet-a", "wallet-b", "wallet-c", "wallet-d"];
        const int perKey = 40;
        var publisher = _pubSub.Publisher();
        var published = new List<Task<string>>();
        for (var i = 0; i < perKey; i++)
        {
            foreach (var key in keys)
            {
                published.Add(publisher.PublishAsync("ordered-topic", EmulatedPubSub.Text($"{key}:{i}", key, new Dictionary<string, string> { ["seq"] = i.ToString(CultureInfo.InvariantCulture) }), ct));
            }
        }

        await Task.WhenAll(published);
        var handled = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var busy = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var subscriber = _pubSub.Subscriber("ordered");
        await subscriber.StartAsync(
            async (message, _) =>
            {
                var key = message.OrderingKey!;
                if (busy.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                handled.GetOrAdd(key, _ => new ConcurrentQueue<int>()).Enqueue(int.Parse(message.Attributes["seq"], CultureInfo.InvariantCulture));
                busy.AddOrUpdate(key, 0, (_, n) => n - 1);
                return AckDecision.Ack;
            },
            ct);

        await Eventually.UntilAsync(() => handled.Values.Sum(q => q.Count) >= keys.Length * perKey, TimeSpan.FromSeconds(60), "every ordered message handled", ct);
        Assert.Equal(0, overlaps);
        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, perKey), handled[key].ToArray());
        }
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
