using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>A fresh project on the shared Firestore emulator.</summary>
internal sealed class EmulatedFirestore : IDisposable
{
    public EmulatedFirestore(FirestoreEmulator emulator)
    {
        Channels = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = GoogleEmulator.NewProjectId(),
            UseEmulators = true,
            FirestoreEmulatorHost = emulator.Host,
        }, _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        Database = new FirestoreDatabase(Channels);
    }

    public GoogleChannelFactory Channels { get; }

    public FirestoreDatabase Database { get; }

    public void Dispose() => Channels.Dispose();
}
