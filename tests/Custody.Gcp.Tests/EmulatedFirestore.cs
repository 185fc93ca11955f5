using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Gcp.Tests;

/// <summary>A fresh project on the shared Firestore emulator, with the document layer and the raw generated client.</summary>
internal sealed class EmulatedFirestore : IDisposable
{
    public EmulatedFirestore(FirestoreEmulator emulator)
        : this(emulator, GoogleEmulator.NewProjectId())
    {
    }

    /// <summary>A second client of <paramref name="projectId"/>, as another process would have.</summary>
    public EmulatedFirestore(FirestoreEmulator emulator, string projectId)
    {
        ProjectId = projectId;
        Channels = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = ProjectId,
            UseEmulators = true,
            FirestoreEmulatorHost = emulator.Host,
        }, _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        Database = new FirestoreDatabase(Channels);
        Raw = new Google.Cloud.Firestore.V1.Firestore.FirestoreClient(Channels.ChannelFor(GoogleApi.Firestore));
    }

    public string ProjectId { get; }

    public GoogleChannelFactory Channels { get; }

    public FirestoreDatabase Database { get; }

    public Google.Cloud.Firestore.V1.Firestore.FirestoreClient Raw { get; }

    public Grpc.Core.Metadata Headers => RoutingHeaders.ForFirestore(Database.DatabasePath, emulated: true);

    public string NameOf(DocumentPath path) => path.FullName(Database.DatabasePath);

    public void Dispose() => Channels.Dispose();
}

/// <summary>A small test document: a name, a counter and a sequence number.</summary>
internal sealed record Item(string Name, long Value)
{
    public static IDocumentMapper<Item> Mapper { get; } = new ItemMapper();

    private sealed class ItemMapper : IDocumentMapper<Item>
    {
        public FieldMap ToFields(Item value) => new() { ["name"] = FieldValue.String(value.Name), ["value"] = FieldValue.Integer(value.Value) };

        public Item FromFields(FieldMap fields) => new(fields.GetString("name"), fields.GetInteger("value"));
    }
}
