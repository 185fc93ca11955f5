using System.Text;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>The Pub/Sub emulator under a fresh project id: channels, provisioner, publishers and subscribers.</summary>
internal sealed class EmulatedPubSub : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public EmulatedPubSub(PubSubEmulator emulator)
    {
        ProjectId = GoogleEmulator.NewProjectId("ps");
        Channels = new GoogleChannelFactory(
            new GoogleCloudOptions { ProjectId = ProjectId, UseEmulators = true, PubSubEmulatorHost = emulator.Host },
            _ => throw new InvalidOperationException("no credentials for emulators"));
        Provisioner = new PubSubProvisioner(Channels);
    }

    public string ProjectId { get; }

    public GoogleChannelFactory Channels { get; }

    public PubSubProvisioner Provisioner { get; }

    public static OutgoingMessage Text(string text, string? orderingKey = null, IReadOnlyDictionary<string, string>? attributes = null) =>
        new(Encoding.UTF8.GetBytes(text), attributes ?? new Dictionary<string, string>(), orderingKey);

    public PubSubPublisher Publisher(PublisherSettings? settings = null)
    {
        var publisher = new PubSubPublisher(Channels, settings ?? new PublisherSettings(), new TestOutputLogger<PubSubPublisher>());
        _owned.Add(publisher);
        return publisher;
    }

    public PubSubSubscriber Subscriber(string subscriptionId, SubscriberSettings? settings = null)
    {
        var subscriber = new PubSubSubscriber(Channels, subscriptionId, settings ?? new SubscriberSettings(), new TestOutputLogger<PubSubSubscriber>());
        _owned.Add(subscriber);
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        Channels.Dispose();
    }
}
