using Custody.Gcp.PubSub;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Gcp.Tests.PubSub;

// Validation happens before anything is sent: the channel points at a port nobody listens on.
public sealed class when_a_message_breaks_pub_subs_rules : IAsyncDisposable
{
    private readonly GrpcChannel _nowhere = GrpcChannel.ForAddress("http://127.0.0.1:9");
    private readonly PubSubPublisher _publisher;

    public when_a_message_breaks_pub_subs_rules() =>
        _publisher = new PubSubPublisher(_nowhere.CreateCallInvoker(), "test-project", new PublisherSettings(), NullLogger.Instance);

    public static TheoryData<string> Violations() =>
    [
        "no data and no attributes",
        "attribute key starting with goog",
        "empty attribute key",
        "attribute key over 256 bytes",
        "attribute value over 1024 bytes",
        "101 attributes",
        "ordering key over 1024 bytes",
        "message over 10 MB",
    ];

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task it_is_refused_before_anything_is_sent(string violation)
    {
        var message = violation switch
        {
            "no data and no attributes" => new OutgoingMessage(ReadOnlyMemory<byte>.Empty, new Dictionary<string, string>()),
            "attribute key starting with goog" => EmulatedPubSub.Text("x", null, new Dictionary<string, string> { ["googClient"] = "v" }),
            "empty attribute key" => EmulatedPubSub.Text("x", null, new Dictionary<string, string> { [""] = "v" }),
            "attribute key over 256 bytes" => EmulatedPubSub.Text("x", null, new Dictionary<string, string> { [new string('k', 257)] = "v" }),
            "attribute value over 1024 bytes" => EmulatedPubSub.Text("x", null, new Dictionary<string, string> { ["k"] = new string('v', 1025) }),
            "101 attributes" => EmulatedPubSub.Text("x", null, Enumerable.Range(0, 101).ToDictionary(i => $"k{i}", _ => "v")),
            "ordering key over 1024 bytes" => EmulatedPubSub.Text("x", new string('o', 1025)),
            "message over 10 MB" => new OutgoingMessage(new byte[PubSubLimits.MaxMessageBytes], new Dictionary<string, string>()),
            _ => throw new ArgumentOutOfRangeException(nameof(violation)),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => _publisher.PublishAsync("topic-ok", message, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1topic")]
    [InlineData("goog-topic")]
    [InlineData("topic/with/slash")]
    public async Task an_invalid_topic_id_is_refused(string topicId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _publisher.PublishAsync(topicId, EmulatedPubSub.Text("x"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void batch_limits_beyond_the_api_maximum_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PubSubPublisher(_nowhere.CreateCallInvoker(), "p", new PublisherSettings { MaxBatchMessages = 1_001 }, NullLogger.Instance));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PubSubPublisher(_nowhere.CreateCallInvoker(), "p", new PublisherSettings { MaxBatchBytes = 10_000_001 }, NullLogger.Instance));
    }

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        _nowhere.Dispose();
    }
}
