using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>
/// A fresh project on the shared Firestore emulator; or, with <paramref name="projectId"/>, another client of an
/// existing one (a second replica or a restarted process: its own channels and its own in-process state).
/// </summary>
internal sealed class EmulatedFirestore : IDisposable
{
    public EmulatedFirestore(FirestoreEmulator emulator, string? projectId = null)
    {
        ProjectId = projectId ?? GoogleEmulator.NewProjectId();
        Channels = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = ProjectId,
            UseEmulators = true,
            FirestoreEmulatorHost = emulator.Host,
        }, _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        Database = new FirestoreDatabase(Channels);
    }

    public string ProjectId { get; }

    public GoogleChannelFactory Channels { get; }

    public FirestoreDatabase Database { get; }

    public void Dispose() => Channels.Dispose();
}
